using Dapper;

namespace Wharf.Registry.Overview;

/// <summary>Storage figures: blob bytes as the repositories link them, each blob counted once per set (plain aggregates
/// over <c>blob_links</c>; manifests live in the database and are not counted).</summary>
public sealed partial class SqlOverviewStore
{
    /// <summary>The whole registry: every distinct blob any repository links.</summary>
    public async Task<StoredBytes> FindTotalAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var (blobs, bytes) = await c.QuerySingleAsync<(long, long?)>(
            "SELECT COUNT(*), CAST(SUM(size) AS BIGINT) FROM (SELECT digest, MAX(size) AS size FROM blob_links GROUP BY digest) u");
        return new StoredBytes(blobs, bytes ?? 0);
    }

    /// <summary>Each namespace's distinct blobs, by namespace.</summary>
    public async Task<IReadOnlyDictionary<string, StoredBytes>> ListNamespaceBytesAsync(CancellationToken ct)
    {
        var space = database.NamespaceOf("r.name");
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Namespace, long Blobs, long Bytes)>(
            $"""
            SELECT ns, COUNT(*), CAST(SUM(size) AS BIGINT) FROM (
                SELECT {space} AS ns, b.digest, MAX(b.size) AS size
                FROM blob_links b JOIN repositories r ON r.id = b.repository_id
                GROUP BY {space}, b.digest
            ) x GROUP BY ns
            """);
        return rows.ToDictionary(r => r.Namespace, r => new StoredBytes(r.Blobs, r.Bytes), StringComparer.Ordinal);
    }

    /// <summary>Each repository's linked blobs, by repository name (a repository links each digest once).</summary>
    public async Task<IReadOnlyDictionary<string, StoredBytes>> ListRepositoryBytesAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Name, long Blobs, long Bytes)>(
            """
            SELECT r.name, COUNT(*), CAST(SUM(b.size) AS BIGINT)
            FROM blob_links b JOIN repositories r ON r.id = b.repository_id
            GROUP BY r.name
            """);
        return rows.ToDictionary(r => r.Name, r => new StoredBytes(r.Blobs, r.Bytes), StringComparer.Ordinal);
    }
}
