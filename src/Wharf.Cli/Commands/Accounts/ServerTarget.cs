namespace Wharf.Cli.Commands.Accounts;

/// <summary>Which server an account command talks to: <c>--server</c>, else the host written in front of a
/// repository (<c>localhost:5000/team/app</c>, as <c>wharf tags</c> takes it), else <c>$WHARF_SERVER</c>.</summary>
internal static class ServerTarget
{
    public static string Server(string? option) =>
        option ?? (Environment.GetEnvironmentVariable(ApiCommand.ServerVariable) is { Length: > 0 } variable
            ? variable
            : throw new ArgumentException($"no server named: pass --server HOST[:PORT] or set {ApiCommand.ServerVariable}"));

    /// <summary>The server and the repository name. A first path component is a host when it has a dot or a port or
    /// is <c>localhost</c>: docker's rule, so a name reads the same here as in an image reference.</summary>
    public static (string Server, string Repository) Repository(string? option, string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (option is null && slash > 0 && text[..slash] is var first && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            return (first, text[(slash + 1)..]);
        }

        if (option is not null && text.StartsWith(option + "/", StringComparison.OrdinalIgnoreCase))
        {
            return (option, text[(option.Length + 1)..]); // the server named twice: once is enough
        }

        return (Server(option), text);
    }
}
