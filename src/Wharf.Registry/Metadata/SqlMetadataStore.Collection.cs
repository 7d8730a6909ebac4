using Dapper;
using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>The garbage-collection half of <see cref="SqlMetadataStore"/> (decision 005).</summary>
public sealed partial class SqlMetadataStore
{
    // A blob is referenced while a repository links it, a manifest names it, or an upload is completing under it.
    private const string Unreferenced =
        """
        NOT EXISTS (SELECT 1 FROM blob_links WHERE digest = @digest)
        AND NOT EXISTS (SELECT 1 FROM manifest_blobs WHERE blob_digest = @digest)
        AND NOT EXISTS (SELECT 1 FROM uploads WHERE completing_digest = @digest)
        """;

    public async Task<int> DeleteUnreferencedBlobLinksAsync(DateTimeOffset linkedBefore, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            """
            DELETE FROM blob_links WHERE created_at < @cutoff AND NOT EXISTS (
                SELECT 1 FROM manifest_blobs mb WHERE mb.blob_digest = blob_links.digest AND mb.repository_id = blob_links.repository_id)
            """,
            new { cutoff = linkedBefore.ToUnixTimeMilliseconds() });
    }

    public async Task<IReadOnlyList<Digest>> FindUnreferencedBlobsAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        if (digests.Count == 0)
        {
            return [];
        }

        var all = digests.Select(d => d.ToString()).Distinct().ToList();
        await using var c = await database.OpenAsync(ct);
        var referenced = (await c.QueryAsync<string>(
                """
                SELECT digest FROM blob_links WHERE digest IN @all
                UNION SELECT blob_digest FROM manifest_blobs WHERE blob_digest IN @all
                UNION SELECT completing_digest FROM uploads WHERE completing_digest IN @all
                """,
                new { all }))
            .ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(d => !referenced.Contains(d)).Select(Digest.Parse)];
    }

    public async Task<bool> BeginBlobDeletionAsync(Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        // One statement, so it and MarkUploadCompletingAsync / MountBlobAsync / PutManifestAsync are ordered by the
        // database's write lock: each sees the other's row or goes first. (PostgreSQL will need a per-digest
        // advisory lock here and there, as READ COMMITTED does not order them.)
        return await c.ExecuteAsync(
            $"""
            INSERT INTO blob_deletions (digest, started_at) SELECT @digest, @now WHERE {Unreferenced}
            ON CONFLICT (digest) DO UPDATE SET started_at = excluded.started_at
            """,
            new { digest = digest.ToString(), now = Now() }) > 0;
    }

    public async Task EndBlobDeletionAsync(Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM blob_deletions WHERE digest = @digest", new { digest = digest.ToString() });
    }

    public async Task<IReadOnlyList<Digest>> ListBlobDeletionsAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var digests = await c.QueryAsync<string>("SELECT digest FROM blob_deletions ORDER BY started_at");
        return [.. digests.Select(Digest.Parse)];
    }
}
