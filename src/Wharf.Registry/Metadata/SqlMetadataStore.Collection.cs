using Dapper;
using Wharf.Registry.Maintenance;
using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>The garbage-collection half of <see cref="SqlMetadataStore"/> (decision 005).</summary>
public sealed partial class SqlMetadataStore
{
    // How many digests one transaction of the link sweep locks and unlinks.
    private const int SweepBatch = 100;

    // A blob is referenced while a repository links it, a manifest names it, an upload is completing under it, a
    // queued or running build has it as its context, or a build (in any state, as long as its row is kept) has it as its
    // log (decision 017).
    private const string Unreferenced =
        """
        NOT EXISTS (SELECT 1 FROM blob_links WHERE digest = @digest)
        AND NOT EXISTS (SELECT 1 FROM manifest_blobs WHERE blob_digest = @digest)
        AND NOT EXISTS (SELECT 1 FROM uploads WHERE completing_digest = @digest)
        AND NOT EXISTS (SELECT 1 FROM builds WHERE context_digest = @digest AND state IN ('queued', 'running'))
        AND NOT EXISTS (SELECT 1 FROM builds WHERE log_digest = @digest)
        """;

    // An old link no manifest of its repository names.
    private const string SweptLink =
        """
        created_at < @cutoff AND NOT EXISTS (
            SELECT 1 FROM manifest_blobs mb WHERE mb.blob_digest = blob_links.digest AND mb.repository_id = blob_links.repository_id)
        """;

    public async Task<int> DeleteUnreferencedBlobLinksAsync(DateTimeOffset linkedBefore, CancellationToken ct)
    {
        var cutoff = linkedBefore.ToUnixTimeMilliseconds();
        await using var c = await database.OpenAsync(ct);
        var candidates = (await c.QueryAsync<string>($"SELECT DISTINCT digest FROM blob_links WHERE {SweptLink}", new { cutoff })).AsList();
        var removed = 0;
        // Each batch unlinks under its digests' locks, which a manifest put naming one of them holds while it checks
        // its blobs are linked: the put either sees the link gone, or the sweep sees the put's manifest (decision 005).
        foreach (var batch in candidates.Order(StringComparer.Ordinal).Chunk(SweepBatch))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await database.LockAsync(c, tx, batch);
            removed += await c.ExecuteAsync(
                $"DELETE FROM blob_links WHERE digest {database.InList("@batch")} AND {SweptLink}", new { batch, cutoff }, tx);
            await tx.CommitAsync(ct);
        }

        return removed;
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
                $"""
                SELECT digest FROM blob_links WHERE digest {database.InList("@all")}
                UNION SELECT blob_digest FROM manifest_blobs WHERE blob_digest {database.InList("@all")}
                UNION SELECT completing_digest FROM uploads WHERE completing_digest {database.InList("@all")}
                UNION SELECT context_digest FROM builds WHERE context_digest {database.InList("@all")} AND state IN ('queued', 'running')
                UNION SELECT log_digest FROM builds WHERE log_digest {database.InList("@all")}
                """,
                new { all }))
            .ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(d => !referenced.Contains(d)).Select(Digest.Parse)];
    }

    public async Task<bool> BeginBlobDeletionAsync(Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Under the digest's lock, which MarkUploadCompletingAsync, MountBlobAsync and PutManifestAsync take too, so
        // each of them either sees this row or is seen by this check (decision 005).
        await database.LockAsync(c, tx, [digest.ToString()]);
        var begun = await c.ExecuteAsync(
            $"""
            INSERT INTO blob_deletions (digest, started_at) SELECT @digest, @now WHERE {Unreferenced}
            ON CONFLICT (digest) DO UPDATE SET started_at = excluded.started_at WHERE blob_deletions.started_at < @leaseOver
            """,
            new { digest = digest.ToString(), now = Now(), leaseOver = Now() - (long)BlobDeletionLease.Duration.TotalMilliseconds }, tx) > 0;
        await tx.CommitAsync(ct);
        return begun;
    }

    public async Task EndBlobDeletionAsync(Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM blob_deletions WHERE digest = @digest", new { digest = digest.ToString() });
    }

    public async Task<IReadOnlyList<Digest>> ListBlobDeletionsAsync(DateTimeOffset startedBefore, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var digests = await c.QueryAsync<string>(
            "SELECT digest FROM blob_deletions WHERE started_at < @cutoff ORDER BY started_at", new { cutoff = startedBefore.ToUnixTimeMilliseconds() });
        return [.. digests.Select(Digest.Parse)];
    }

    public async Task<DateTimeOffset?> FindBlobDeletionAsync(Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var started = await c.QuerySingleOrDefaultAsync<long?>("SELECT started_at FROM blob_deletions WHERE digest = @digest", new { digest = digest.ToString() });
        return started is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
