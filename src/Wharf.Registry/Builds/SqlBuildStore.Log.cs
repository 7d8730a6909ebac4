using System.Data.Common;
using Dapper;
using Wharf.Oci;

namespace Wharf.Registry.Builds;

/// <summary>The log half of <see cref="SqlBuildStore"/>: lines in the database while a build runs, so whichever node a
/// client asks follows the log a worker on another machine writes; once it has ended, one blob the row names
/// (<see cref="BuildLogArchive"/> moves it there), and the lines are deleted.</summary>
public sealed partial class SqlBuildStore
{
    /// <summary>Appends lines numbered from <paramref name="firstSequence"/>, in one transaction, if the build is still
    /// this worker's; false otherwise (the worker lost it and must stop). A line already there is left as it is.</summary>
    public async Task<bool> AppendLogAsync(long id, string workerId, long firstSequence, IReadOnlyList<string> lines, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM builds WHERE id = @id AND worker_id = @workerId AND state = 'running'", new { id, workerId }, tx) == 0)
        {
            return false;
        }

        await c.ExecuteAsync(
            "INSERT INTO build_logs (build_id, sequence, text) VALUES (@id, @sequence, @text) ON CONFLICT (build_id, sequence) DO NOTHING",
            lines.Select((text, i) => new { id, sequence = firstSequence + i, text }), tx);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Lines after <paramref name="afterSequence"/> in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<BuildLogLine>> ReadLogAsync(long id, long afterSequence, int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Sequence, string Text)>(
            "SELECT sequence, text FROM build_logs WHERE build_id = @id AND sequence > @afterSequence ORDER BY sequence LIMIT @limit",
            new { id, afterSequence, limit });
        return [.. rows.Select(r => new BuildLogLine(r.Sequence, r.Text))];
    }

    /// <summary>Records <paramref name="digest"/> as the blob holding the whole log of ended build <paramref name="id"/> and
    /// deletes its lines, in one transaction; false (nothing changed) when the build has not ended, already names a log
    /// blob (another node moved it first), or does not exist. A reader sees either every line or the blob, never half.</summary>
    public async Task<bool> RecordLogBlobAsync(long id, Digest digest, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var recorded = await c.ExecuteAsync(
            "UPDATE builds SET log_digest = @digest WHERE id = @id AND log_digest IS NULL AND state IN ('succeeded', 'failed', 'cancelled')",
            new { id, digest = digest.ToString() }, tx) > 0;
        if (recorded)
        {
            await c.ExecuteAsync("DELETE FROM build_logs WHERE build_id = @id", new { id }, tx);
        }

        await tx.CommitAsync(ct);
        return recorded;
    }

    /// <summary>Ended builds whose log is still lines, oldest first: at most <paramref name="limit"/>, ended before
    /// <paramref name="endedBefore"/>.</summary>
    public async Task<IReadOnlyList<long>> ListLogsInRowsAsync(DateTimeOffset endedBefore, int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var ids = await c.QueryAsync<long>(
            """
            SELECT id FROM builds WHERE log_digest IS NULL AND state IN ('succeeded', 'failed', 'cancelled') AND finished_at < @before
            ORDER BY id LIMIT @limit
            """,
            new { before = endedBefore.ToUnixTimeMilliseconds(), limit });
        return [.. ids];
    }

    /// <summary>A line the queue itself writes (a recovery, a cancel), after the last one there.</summary>
    private static Task<int> AppendLineAsync(DbConnection c, DbTransaction tx, long id, string text) =>
        c.ExecuteAsync(
            "INSERT INTO build_logs (build_id, sequence, text) SELECT @id, COALESCE(MAX(sequence), 0) + 1, @text FROM build_logs WHERE build_id = @id",
            new { id, text }, tx);
}
