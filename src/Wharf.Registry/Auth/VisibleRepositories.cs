using Wharf.Registry.Metadata;
using Wharf.Registry.Overview;

namespace Wharf.Registry.Auth;

/// <summary>The repositories a principal may see, by name: the <c>/v2/_catalog</c>'s listing and the web UI's checks,
/// through <see cref="RepositoryVisibility"/> (the one rule of every listing: those <see cref="AccessPolicy"/> lets it
/// pull). Filtered before paging, so a page holds up to <c>count</c> visible names, and the next page continues after
/// the last of them.</summary>
public sealed class VisibleRepositories(IMetadataStore metadata, RepositoryVisibility visibility)
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

        var viewer = Viewer.As(who);
        var visible = new List<string>();
        for (var cursor = after; visible.Count < count;)
        {
            var names = await metadata.ListRepositoriesAsync(cursor, Batch, ct);
            visible.AddRange((await visibility.FilterAsync(viewer, names, ct)).Take(count - visible.Count));
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
    public Task<bool> MaySeeAsync(Principal? who, string repository, CancellationToken ct) =>
        visibility.MaySeeAsync(who is null ? Viewer.Everyone : Viewer.As(who), repository, ct);
}
