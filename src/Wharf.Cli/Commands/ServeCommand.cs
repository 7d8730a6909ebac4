using System.CommandLine;

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
        var configuration = new ServerConfiguration();
        var command = new Command("serve", "Run the registry server.") { listen };
        configuration.AddTo(command);
        command.SetAction((result, ct) => CommandRunner.RunAsync("serve", async () =>
        {
            var overrides = new Dictionary<string, string?>();
            if (result.GetValue(listen) is { } address)
            {
                overrides["urls"] = address.Contains("://", StringComparison.Ordinal) ? address : $"http://{address}";
            }

            await configuration.Build(result, overrides).RunAsync();
            return 0;
        }));
        return command;
    }
}
