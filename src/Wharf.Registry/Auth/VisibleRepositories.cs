using Wharf.Registry.Metadata;

namespace Wharf.Registry.Auth;

/// <summary>The repositories a principal may see: those <see cref="AccessPolicy"/> lets it pull. The one listing rule
/// of the <c>/v2/_catalog</c> and the web UI's home page. Filtered before paging, so a page holds up to
/// <c>count</c> visible names, and the next page continues after the last of them.</summary>
public sealed class VisibleRepositories(IMetadataStore metadata, IAccountStore accounts, AccessPolicy policy)
{
    /// <summary>Repositories read per query while filtering; bounded so a caller who sees little costs a few queries.</summary>
    private const int Batch = 200;

    /// <summary>Up to <paramref name="count"/> names after <paramref name="after"/> (exclusive) in the store's order that
    /// <paramref name="who"/> may pull; <paramref name="who"/> null lists all of them (a registry without access
    /// control, <c>Auth:Enabled</c> off). Never throws for a name that no longer exists.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(Principal? who, string? after, int count, CancellationToken ct)
    {
        if (who is null)
        {
            return await metadata.ListRepositoriesAsync(after, count, ct);
        }

        var visible = new List<string>();
        for (var cursor = after; visible.Count < count;)
        {
            var names = await metadata.ListRepositoriesAsync(cursor, Batch, ct);
            var isPublic = await accounts.FindPublicAsync(names, ct);
            visible.AddRange(names.Where(name => policy.Decide(who, name, isPublic.Contains(name)).HasFlag(RepositoryAction.Pull)).Take(count - visible.Count));
            if (names.Count < Batch)
            {
                break;
            }

            cursor = names[^1];
        }

        return visible;
    }

    /// <summary>Whether <paramref name="who"/> (null: no access control) may see <paramref name="repository"/>; says
    /// nothing about whether it exists.</summary>
    public async Task<bool> MaySeeAsync(Principal? who, string repository, CancellationToken ct) =>
        who is null || policy.Decide(who, repository, await accounts.IsPublicAsync(repository, ct)).HasFlag(RepositoryAction.Pull);
}
