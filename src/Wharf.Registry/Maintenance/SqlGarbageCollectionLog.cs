using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Maintenance;

/// <summary>The record of garbage collections (migration 018): one row per run, newest first, kept to
/// <see cref="Kept"/> rows.</summary>
public sealed class SqlGarbageCollectionLog(SqlDatabase database)
{
    public const int Kept = 1000;

    public async Task RecordAsync(GarbageCollectionRun run, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO garbage_collections (started_at, ended_at, outcome, links_removed, blobs_deleted, bytes_freed) " +
            "VALUES (@started, @ended, @Outcome, @LinksRemoved, @BlobsDeleted, @BytesFreed)",
            new
            {
                started = run.StartedAt.ToUnixTimeMilliseconds(), ended = run.EndedAt.ToUnixTimeMilliseconds(),
                run.Outcome, run.LinksRemoved, run.BlobsDeleted, run.BytesFreed,
            });
        await c.ExecuteAsync(
            "DELETE FROM garbage_collections WHERE id < (SELECT MIN(id) FROM (SELECT id FROM garbage_collections ORDER BY id DESC LIMIT @Kept) newest)",
            new { Kept });
    }

    public async Task<IReadOnlyList<GarbageCollectionRun>> ListAsync(int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Started, long Ended, string Outcome, int Links, int Blobs, long Bytes)>(
            "SELECT started_at, ended_at, outcome, links_removed, blobs_deleted, bytes_freed FROM garbage_collections ORDER BY id DESC LIMIT @limit",
            new { limit });
        return rows.Select(r => new GarbageCollectionRun(
            DateTimeOffset.FromUnixTimeMilliseconds(r.Started), DateTimeOffset.FromUnixTimeMilliseconds(r.Ended), r.Outcome, r.Links, r.Blobs, r.Bytes)).ToList();
    }
}
