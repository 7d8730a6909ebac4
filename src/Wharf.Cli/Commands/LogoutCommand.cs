using System.CommandLine;
using Wharf.Oci.Client;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf logout HOST</c>: removes the stored credentials as <c>docker logout</c> does.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "The registry, HOST or HOST:PORT." };
        var command = new Command("logout", "Remove the stored credentials for a registry.") { host };
        command.SetAction((result, ct) => CommandRunner.RunAsync("logout", async () =>
        {
            var registry = RegistryReferences.Host(result.GetValue(host)!);
            var erased = await DockerCredentials.FromEnvironment().EraseAsync(registry, ct);
            Console.WriteLine(erased ? $"Removed login credentials for {registry}" : $"Not logged in to {registry}");
            return 0;
        }));
        return command;
    }
}
