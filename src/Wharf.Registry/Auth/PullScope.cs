namespace Wharf.Registry.Auth;

/// <summary>Every repository a principal may pull, described so that a query can select them instead of reading every
/// repository to ask <see cref="AccessPolicy.Decide"/> about each (<see cref="AccessPolicy.PullScopeOf"/>): all of them;
/// or those that are public (when <paramref name="Public"/>; repositories under <paramref name="PublicPrefixes"/> count as
/// public), those in <paramref name="Namespaces"/>, and those in <paramref name="Repositories"/>.
/// <see cref="Includes"/> is the same test in memory, and agrees with <see cref="AccessPolicy.Decide"/> granting pull.</summary>
public sealed record PullScope(
    bool Everything,
    bool Public,
    IReadOnlyList<string> PublicPrefixes,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> Repositories)
{
    public static PullScope All { get; } = new(true, true, [], [], []);

    public bool Includes(string repository, bool isPublic) =>
        Everything
        || (Public && (isPublic || PublicPrefixes.Any(p => repository.StartsWith(p, StringComparison.Ordinal))))
        || Namespaces.Contains(AccessPolicy.NamespaceOf(repository), StringComparer.Ordinal)
        || Repositories.Contains(repository, StringComparer.Ordinal);
}
