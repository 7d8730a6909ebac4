namespace Wharf.CommandLine;

/// <summary>The commands the program <c>wharf-server</c> runs (it holds the server, which cannot be compiled ahead of
/// time): <c>wharf</c> hands these names over to it (decision 021) and lists them in its help with these lines.</summary>
public static class ServerCommands
{
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        ("serve", "Run the registry server."),
        ("gc", "Delete blobs that no manifest, repository or upload references."),
        ("keys", "Manage the token signing keys in the metadata database."),
        ("migrate", "Copy a whole registry to another place: a data directory, PostgreSQL + S3, either way (see wharf migrate --help)."),
        ("build-worker", "Run builds queued on a Wharf registry, on this machine, from its shared database and blob store."),
    ];

    public static string Description(string name) => All.Single(c => c.Name == name).Description;

    public static bool Contains(string name) => All.Any(c => c.Name == name);
}
