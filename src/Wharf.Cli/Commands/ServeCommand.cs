using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wharf.Server;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf serve</c>: runs the registry. Flags override the config file, which environment
/// variables (<c>WHARF_Section__Key</c>) override in turn.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen")
        {
            Description = "Address and port to listen on, e.g. 0.0.0.0:5000 or 127.0.0.1:5000 (default 0.0.0.0:5000).",
        };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Data directory for blobs and the SQLite database (default ./data).",
        };
        var config = new Option<string?>("--config")
        {
            Description = "A JSON configuration file (same sections as appsettings.json).",
        };
        var command = new Command("serve", "Run the registry server.") { listen, dataDir, config };
        command.SetAction(async (result, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (result.GetValue(listen) is { } address)
            {
                overrides["urls"] = address.Contains("://", StringComparison.Ordinal) ? address : $"http://{address}";
            }

            if (result.GetValue(dataDir) is { } dir)
            {
                overrides["Storage:DataDirectory"] = dir;
            }

            if (result.GetValue(config) is { } file)
            {
                overrides["config"] = file;
            }

            try
            {
                var app = WharfApp.Build([], overrides);
                // Validate every options section now, so a bad setting is one line here, not a host failure log.
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await app.RunAsync();
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or FileNotFoundException or InvalidDataException or FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"wharf serve: {OneLine(e)}");
                return 1;
            }
        });
        return command;
    }

    private static string OneLine(Exception e) => e switch
    {
        OptionsValidationException v => string.Join("; ", v.Failures),
        _ => e.Message.ReplaceLineEndings(" "),
    };
}
