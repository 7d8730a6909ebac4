using System.Data.Common;
using Dapper;

namespace Wharf.Registry.Metadata;

/// <summary>Applies the numbered DDL scripts embedded under Metadata/Migrations/&lt;dialect&gt;/ in order, each
/// once, each in its own transaction, recording them in <c>schema_migrations</c>. Both dialects have a script of
/// every number, so a version means the same schema in either. Safe when several nodes start at once: each
/// transaction holds the migration lock (<see cref="SqlDatabase.LockAsync"/>), so one node applies a script while
/// the others wait and then find it applied.</summary>
public static class SchemaMigrator
{
    // Not a digest, so it never shares a lock with one.
    private const string MigrationLock = "wharf:schema-migrations";

    /// <summary>The schema version this build creates: the highest script number (the same in both dialects).</summary>
    public static int LatestVersion { get; } = LoadScripts(SqlDialect.Sqlite).Max(s => s.Version);

    /// <summary>The highest migration applied to <paramref name="database"/>, without changing it; null when it has no
    /// Wharf schema at all (no <c>schema_migrations</c> table).</summary>
    public static async Task<int?> FindVersionAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        if (!(await database.ListTablesAsync(connection, null)).Contains("schema_migrations"))
        {
            return null;
        }

        return await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") ?? 0;
    }

    /// <summary>Brings the schema up to <see cref="LatestVersion"/>. Refuses (<see cref="NewerSchemaException"/>) a
    /// database a newer Wharf has migrated further: this build would serve a schema it does not know — an old node
    /// restarted in the middle of a rolling upgrade must be upgraded, not started.</summary>
    public static async Task MigrateAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await database.PrepareForMigrationAsync(connection);
        await InLockedTransactionAsync(database, connection, tx => connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", transaction: tx), ct);
        if (await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") is { } applied && applied > LatestVersion)
        {
            throw new NewerSchemaException(
                $"the database's schema is at version {applied}, written by a newer Wharf; this one knows versions up to {LatestVersion}: upgrade it");
        }

        foreach (var (version, sql) in LoadScripts(database.Dialect))
        {
            await InLockedTransactionAsync(database, connection, async tx =>
            {
                var applied = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, tx);
                if (applied == 0)
                {
                    await connection.ExecuteAsync(sql, transaction: tx);
                    await connection.ExecuteAsync(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                        new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
                }
            }, ct);
        }
    }

    private static async Task InLockedTransactionAsync(SqlDatabase database, DbConnection connection, Func<DbTransaction, Task> work, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await database.LockAsync(connection, transaction, [MigrationLock]);
        await work(transaction);
        await transaction.CommitAsync(ct);
    }

    private static IEnumerable<(int Version, string Sql)> LoadScripts(SqlDialect dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{typeof(SchemaMigrator).Namespace}.Migrations.{dialect}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            var version = int.Parse(file[..file.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (version, reader.ReadToEnd());
        }
    }
}
