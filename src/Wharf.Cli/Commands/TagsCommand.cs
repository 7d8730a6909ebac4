using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf tags HOST/REPO</c>: every tag of a repository, following the registry's pages to the end.</summary>
internal static class TagsCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("repository") { Description = "HOST/REPO, e.g. localhost:5000/team/app." };
        var json = CommonOptions.Json();
        var insecure = CommonOptions.Insecure();
        var command = new Command("tags", "List the tags of a repository.") { repository, json, insecure };
        command.SetAction((result, ct) => CommandRunner.RunAsync("tags", async () =>
        {
            var reference = RegistryReferences.Repository(result.GetValue(repository)!);
            using var client = new ImageTransports(result.GetValue(insecure)).OpenRegistry(reference);
            var tags = new List<string>();
            await foreach (var tag in client.ListTagsAsync(RegistryReferences.RepositoryOf(reference), null, ct))
            {
                tags.Add(tag);
            }

            Print(tags, result.GetValue(json), new JsonObject { ["name"] = reference.Repository!.Value.Value, ["tags"] = Names(tags) });
            return 0;
        }));
        return command;
    }

    /// <summary>One name per line, or the JSON document.</summary>
    public static void Print(IReadOnlyList<string> names, bool json, JsonObject document)
    {
        if (json)
        {
            JsonOutput.Write(document);
            return;
        }

        foreach (var name in names)
        {
            Console.WriteLine(name);
        }
    }

    /// <summary>Names as a JSON array.</summary>
    public static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => JsonValue.Create(n))]);
}
