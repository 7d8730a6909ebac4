using System.CommandLine;
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

            var app = WharfApp.Build([], overrides);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
