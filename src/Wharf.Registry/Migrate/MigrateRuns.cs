using System.Data.Common;
using Dapper;
using Wharf.Registry.Metadata;
using RunRow = (long Id, string Source, long StartedAt, long? CompletedAt);

namespace Wharf.Registry.Migrate;

/// <summary>The rows of <c>migrate_runs</c> (migration 008): the copies <c>wharf migrate</c> made into this database.
/// A copy is begun by a row without <c>completed_at</c> and finished by setting it in the transaction that writes the
/// registry's tables, so a database is never a complete-looking copy that is not. Same SQL on both dialects.</summary>
public static class MigrateRuns
{
    private const string Columns = "id, source, started_at, completed_at";

    /// <summary>The most recent copy into <paramref name="database"/>; null when none was ever made.</summary>
    public static async Task<MigrateRun?> FindLatestAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<RunRow>($"SELECT {Columns} FROM migrate_runs ORDER BY id DESC LIMIT 1")).Select(Read).FirstOrDefault();
    }

    /// <summary>An unfinished copy into <paramref name="database"/>, which must not be served (or copied from) as it is;
    /// null when there is none.</summary>
    public static async Task<MigrateRun?> FindUnfinishedAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<RunRow>($"SELECT {Columns} FROM migrate_runs WHERE completed_at IS NULL ORDER BY id DESC LIMIT 1"))
            .Select(Read).FirstOrDefault();
    }

    /// <summary>Throws when <paramref name="database"/> is an unfinished copy (<see cref="FindUnfinishedAsync"/>): what
    /// <c>wharf serve</c> and <c>wharf gc</c> ask before they touch it (the collector would delete the blobs copied so far,
    /// which no table names yet).</summary>
    public static async Task EnsureNoneUnfinishedAsync(SqlDatabase database, CancellationToken ct)
    {
        if (await FindUnfinishedAsync(database, ct) is { } run)
        {
            throw new MigrationException(
                $"this database is an unfinished copy by `wharf migrate` from {run.Source} (begun " +
                $"{run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC): run that migrate again to finish it first");
        }
    }

    /// <summary>Records a new copy from <paramref name="source"/>, unfinished; an unfinished copy from elsewhere it
    /// replaces is forgotten, so only one is ever open.</summary>
    public static async Task<MigrateRun> BeginAsync(SqlDatabase database, string source, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("DELETE FROM migrate_runs WHERE completed_at IS NULL", transaction: tx);
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO migrate_runs (source, started_at) VALUES (@source, @now) RETURNING id", new { source, now = now.ToUnixTimeMilliseconds() }, tx);
        await tx.CommitAsync(ct);
        return new MigrateRun(id, source, now, null);
    }

    /// <summary>Marks the copy finished, inside the transaction that wrote its tables.</summary>
    public static Task CompleteAsync(DbTransaction transaction, MigrateRun run, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE migrate_runs SET completed_at = @now WHERE id = @Id", new { run.Id, now = now.ToUnixTimeMilliseconds() }, transaction);

    private static MigrateRun Read(RunRow r) =>
        new(r.Id, r.Source, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt), r.CompletedAt is { } done ? DateTimeOffset.FromUnixTimeMilliseconds(done) : null);
}
