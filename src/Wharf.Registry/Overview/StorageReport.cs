using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>Bytes per repository, per namespace and overall, each set's shared blobs counted once (three grouped
/// queries over <c>blob_links</c>), filtered for the viewer as <see cref="StorageOverview"/> says.</summary>
public sealed class StorageReport(SqlOverviewStore store, RepositoryVisibility visibility)
{
    public async Task<StorageOverview> ReadAsync(Viewer viewer, int largest, CancellationToken ct)
    {
        var all = await store.ListRepositoryNamesAsync(ct);
        var hidden = all.Where(r => !visibility.MaySee(viewer, r.Name, r.IsPublic)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var hiddenNamespaces = hidden.Select(AccessPolicy.NamespaceOf).ToHashSet(StringComparer.Ordinal);
        var repositories = await store.ListRepositoryBytesAsync(ct);
        var namespaces = await store.ListNamespaceBytesAsync(ct);
        return new StorageOverview(
            hidden.Count == 0 ? await store.FindTotalAsync(ct) : null,
            [.. namespaces.Where(n => !hiddenNamespaces.Contains(n.Key)).Select(n => new NamedBytes(n.Key, n.Value.Blobs, n.Value.Bytes))
                .OrderByDescending(n => n.Bytes).ThenBy(n => n.Name, StringComparer.Ordinal)],
            [.. repositories.Where(r => !hidden.Contains(r.Key)).Select(r => new NamedBytes(r.Key, r.Value.Blobs, r.Value.Bytes))
                .OrderByDescending(r => r.Bytes).ThenBy(r => r.Name, StringComparer.Ordinal).Take(largest)]);
    }
}
