using Dapper;

namespace Wharf.Registry.Metadata;

/// <summary>Applies the numbered DDL scripts embedded under Metadata/Migrations/&lt;dialect&gt;/ in order, each
/// once, each in its own transaction, recording them in <c>schema_migrations</c>.</summary>
public static class SchemaMigrator
{
    public static async Task MigrateAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        if (database.Dialect == SqlDialect.Sqlite)
        {
            // WAL is a property of the database file: set once, kept across opens.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");

        foreach (var (version, sql) in LoadScripts(database.Dialect))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var applied = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, transaction);
            if (applied == 0)
            {
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                    new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            }

            await transaction.CommitAsync(ct);
        }
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
