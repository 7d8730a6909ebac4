using System.CommandLine;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf catalog HOST</c>: every repository of a registry (<c>/v2/_catalog</c>), all pages.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "The registry, HOST or HOST:PORT." };
        var json = CommonOptions.Json();
        var insecure = CommonOptions.Insecure();
        var command = new Command("catalog", "List the repositories of a registry.") { host, json, insecure };
        command.SetAction((result, ct) => CommandRunner.RunAsync("catalog", async () =>
        {
            var transports = new ImageTransports(result.GetValue(insecure));
            using var client = new Oci.Client.RegistryClient(RegistryReferences.Host(result.GetValue(host)!), transports.RegistryOptions);
            var repositories = new List<string>();
            await foreach (var repository in client.ListRepositoriesAsync(null, ct))
            {
                repositories.Add(repository);
            }

            TagsCommand.Print(repositories, result.GetValue(json), new JsonObject { ["repositories"] = TagsCommand.Names(repositories) });
            return 0;
        }));
        return command;
    }
}
