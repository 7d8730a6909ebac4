using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

/// <summary><see cref="SqlDatabase.TruncateLogAsync"/>: what a write left in SQLite's write-ahead log is moved into the
/// database and the log emptied, the data intact; a reader inside a transaction keeps it from finishing, without waiting.</summary>
public sealed class SqliteLogTruncationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_left_in_the_log_is_checkpointed_and_the_log_emptied_unless_a_reader_holds_it()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-wal-");
        try
        {
            var path = Path.Combine(directory.FullName, "wharf.db");
            await using var database = SqlDatabase.Sqlite(path);
            await SchemaMigrator.MigrateAsync(database, Ct);
            await using (var c = await database.OpenAsync(Ct))
            {
                await c.ExecuteAsync("CREATE TABLE t (n INTEGER)");
                await c.ExecuteAsync("INSERT INTO t VALUES (1)");
            }

            Assert.True(new FileInfo(path + "-wal").Length > 0);
            Assert.True(await database.TruncateLogAsync(Ct));
            Assert.Equal(0, new FileInfo(path + "-wal").Length);

            await using (var reader = await database.OpenAsync(Ct))
            {
                await using var c = await database.OpenAsync(Ct);
                await c.ExecuteAsync("INSERT INTO t VALUES (2)");
                // A deferred transaction reads a snapshot without taking the write lock (Microsoft.Data.Sqlite's default is IMMEDIATE).
                await using var snapshot = ((Microsoft.Data.Sqlite.SqliteConnection)reader).BeginTransaction(deferred: true);
                Assert.Equal(2, await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t", transaction: snapshot));
                await c.ExecuteAsync("INSERT INTO t VALUES (3)");
                Assert.False(await database.TruncateLogAsync(Ct));
            }

            Assert.True(await database.TruncateLogAsync(Ct));
            await using (var c = await database.OpenAsync(Ct))
            {
                Assert.Equal(3, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
            }
        }
        finally
        {
            SqliteCleanup(directory);
        }
    }

    private static void SqliteCleanup(DirectoryInfo directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);
    }
}
