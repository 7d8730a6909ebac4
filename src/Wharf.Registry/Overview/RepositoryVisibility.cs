using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>The one rule of which repositories a viewer may see, for every listing (the /v2 catalog, the repository
/// listing, search, tags, storage): those <see cref="AccessPolicy"/> lets the viewer pull. A repository the viewer may
/// not see is answered as one that does not exist.</summary>
public sealed class RepositoryVisibility(AccessPolicy policy, IAccountStore accounts)
{
    /// <summary>Whether <paramref name="viewer"/> may see <paramref name="repository"/>, whose visibility the caller read.</summary>
    public bool MaySee(Viewer viewer, string repository, bool isPublic) =>
        viewer.SeesEverything || policy.Decide(viewer.Principal, repository, isPublic).HasFlag(RepositoryAction.Pull);

    /// <summary>What <paramref name="viewer"/> may see, for a query to select (the same rule as <see cref="MaySee"/>).</summary>
    public PullScope ScopeOf(Viewer viewer) => viewer.SeesEverything ? PullScope.All : policy.PullScopeOf(viewer.Principal);

    /// <summary>Whether <paramref name="viewer"/> may see <paramref name="repository"/>; says nothing about whether it exists.</summary>
    public async Task<bool> MaySeeAsync(Viewer viewer, string repository, CancellationToken ct) =>
        viewer.SeesEverything || MaySee(viewer, repository, await accounts.IsPublicAsync(repository, ct));

    /// <summary>The names <paramref name="viewer"/> may see, in their order: one query for their visibility.</summary>
    public async Task<IReadOnlyList<string>> FilterAsync(Viewer viewer, IReadOnlyList<string> repositories, CancellationToken ct)
    {
        if (viewer.SeesEverything)
        {
            return repositories;
        }

        var isPublic = await accounts.FindPublicAsync(repositories, ct);
        return [.. repositories.Where(name => MaySee(viewer, name, isPublic.Contains(name)))];
    }
}
