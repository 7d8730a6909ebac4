using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Overview;

/// <summary>The tag table's queries: the tags, then sizes and index contents for the digests a page shows.</summary>
public sealed partial class SqlOverviewStore
{
    private const string TagColumns =
        """
        SELECT t.name, t.digest, m.media_type, t.updated_at, p.pulls, p.last_pulled_at
        FROM tags t
        JOIN manifests m ON m.repository_id = t.repository_id AND m.digest = t.digest
        LEFT JOIN manifest_pulls p ON p.repository_id = t.repository_id AND p.digest = t.digest
        """;

    /// <summary>Every tag of the repository whose name contains the search (a <see cref="SearchPattern"/>), with its
    /// manifest's media type and pull statistics: one indexed join, a few numbers a row. What a sort by size needs.</summary>
    public async Task<IReadOnlyList<TagRow>> ListTagsAsync(long repositoryId, string? pattern, CancellationToken ct) =>
        await QueryTagsAsync($"{TagColumns} WHERE t.repository_id = @repositoryId {NameFilter(pattern)}", new { repositoryId, pattern }, ct);

    /// <summary>One page of those tags by push time (ties by name), cut by the database: the tag table's usual order
    /// reads no more than it shows (the index <c>tags_by_push</c>).</summary>
    public async Task<IReadOnlyList<TagRow>> ListTagsByPushAsync(
        long repositoryId, string? pattern, bool descending, int offset, int limit, CancellationToken ct)
    {
        var direction = descending ? "DESC" : "ASC";
        return await QueryTagsAsync(
            $"{TagColumns} WHERE t.repository_id = @repositoryId {NameFilter(pattern)} ORDER BY t.updated_at {direction}, t.name {direction} LIMIT @limit OFFSET @offset",
            new { repositoryId, pattern, offset, limit }, ct);
    }

    /// <summary>How many tags of the repository the search matches.</summary>
    public async Task<int> CountTagsAsync(long repositoryId, string? pattern, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (int)await c.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM tags t WHERE t.repository_id = @repositoryId {NameFilter(pattern)}", new { repositoryId, pattern });
    }

    /// <summary>Only the names of those tags: what a version-aware sort by name, done here rather than in SQL, needs.</summary>
    public async Task<IReadOnlyList<string>> ListTagNamesAsync(long repositoryId, string? pattern, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return [.. await c.QueryAsync<string>($"SELECT t.name FROM tags t WHERE t.repository_id = @repositoryId {NameFilter(pattern)}", new { repositoryId, pattern })];
    }

    /// <summary>These tags of the repository (a page of names), in no particular order.</summary>
    public async Task<IReadOnlyList<TagRow>> FindTagsAsync(long repositoryId, IReadOnlyCollection<string> names, CancellationToken ct) =>
        names.Count == 0
            ? []
            : await QueryTagsAsync($"{TagColumns} WHERE t.repository_id = @repositoryId AND t.name {database.InList("@names")}", new { repositoryId, names = names.ToList() }, ct);

    private static string NameFilter(string? pattern) => pattern is null ? "" : $"AND lower(t.name) LIKE @pattern {SearchPattern.Escape}";

    /// <summary>Rows of <see cref="TagColumns"/>' shape, read by position (as <see cref="QueryRepositoriesAsync"/>, for speed).</summary>
    private async Task<IReadOnlyList<TagRow>> QueryTagsAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        var rows = new List<TagRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new TagRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), SqlRead.Number(reader, 3),
                SqlRead.NumberOrNull(reader, 4) ?? 0, SqlRead.NumberOrNull(reader, 5)));
        }

        return rows;
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
