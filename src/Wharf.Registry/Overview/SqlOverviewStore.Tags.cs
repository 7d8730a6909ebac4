using Dapper;

namespace Wharf.Registry.Overview;

/// <summary>The tag table's queries: the tags, then sizes and index contents for the digests a page shows.</summary>
public sealed partial class SqlOverviewStore
{
    /// <summary>Every tag of the repository whose name contains the search (a <see cref="SearchPattern"/>), with its
    /// manifest's media type and pull statistics: one indexed join, a few numbers a row.</summary>
    public async Task<IReadOnlyList<TagRow>> ListTagsAsync(long repositoryId, string? pattern, CancellationToken ct)
    {
        var filter = pattern is null ? "" : $"AND lower(t.name) LIKE @pattern {SearchPattern.Escape}";
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Name, string Digest, string MediaType, long PushedAt, long? Pulls, long? LastPulledAt)>(
            $"""
            SELECT t.name, t.digest, m.media_type, t.updated_at, p.pulls, p.last_pulled_at
            FROM tags t
            JOIN manifests m ON m.repository_id = t.repository_id AND m.digest = t.digest
            LEFT JOIN manifest_pulls p ON p.repository_id = t.repository_id AND p.digest = t.digest
            WHERE t.repository_id = @repositoryId {filter}
            """,
            new { repositoryId, pattern });
        return [.. rows.Select(r => new TagRow(r.Name, r.Digest, r.MediaType, r.PushedAt, r.Pulls ?? 0, r.LastPulledAt))];
    }

    /// <summary>The compressed size of each manifest: its blobs (config and layers) for an image; for an index, the blobs
    /// of all its children with each shared blob counted once. For <paramref name="digests"/>, or for every tagged
    /// manifest of the repository when null (what a sort by size needs). A manifest without blobs is absent (size 0).</summary>
    public async Task<IReadOnlyDictionary<string, long>> FindSizesAsync(long repositoryId, IReadOnlyCollection<string>? digests, CancellationToken ct)
    {
        if (digests is { Count: 0 })
        {
            return new Dictionary<string, long>();
        }

        var which = digests is null ? "IN (SELECT digest FROM tags WHERE repository_id = @repositoryId)" : database.InList("@digests");
        await using var c = await database.OpenAsync(ct);
        // UNION (not UNION ALL) makes each (manifest, blob) pair once: a layer two platforms share is counted once.
        var rows = await c.QueryAsync<(string Digest, long Size)>(
            $"""
            SELECT x.manifest_digest, CAST(SUM(b.size) AS BIGINT)
            FROM (
                SELECT mb.manifest_digest, mb.blob_digest FROM manifest_blobs mb
                WHERE mb.repository_id = @repositoryId AND mb.manifest_digest {which}
                UNION
                SELECT mc.manifest_digest, mb.blob_digest FROM manifest_children mc
                JOIN manifest_blobs mb ON mb.repository_id = mc.repository_id AND mb.manifest_digest = mc.child_digest
                WHERE mc.repository_id = @repositoryId AND mc.manifest_digest {which}
            ) x
            JOIN blob_links b ON b.repository_id = @repositoryId AND b.digest = x.blob_digest
            GROUP BY x.manifest_digest
            """,
            new { repositoryId, digests = digests?.ToList() });
        return rows.ToDictionary(r => r.Digest, r => r.Size, StringComparer.Ordinal);
    }

    /// <summary>The bytes of these manifests (indexes, whose entries name the platforms), by digest.</summary>
    public async Task<IReadOnlyDictionary<string, (string MediaType, byte[] Content)>> FindContentsAsync(
        long repositoryId, IReadOnlyCollection<string> digests, CancellationToken ct)
    {
        if (digests.Count == 0)
        {
            return new Dictionary<string, (string, byte[])>();
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Digest, string MediaType, byte[] Content)>(
            $"""
            SELECT digest, media_type, content FROM manifests
            WHERE repository_id = @repositoryId AND digest {database.InList("@digests")}
            """,
            new { repositoryId, digests = digests.ToList() });
        return rows.ToDictionary(r => r.Digest, r => (r.MediaType, r.Content), StringComparer.Ordinal);
    }
}
