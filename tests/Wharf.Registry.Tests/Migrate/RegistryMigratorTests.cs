using Dapper;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Migrate;

/// <summary>The migrator between real databases and stores: SQLite with a filesystem store, PostgreSQL with another.
/// (The command, S3, interruptions and a served target are tested as real processes in Wharf.Server.Tests.)</summary>
public sealed class RegistryMigratorTests(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);
    private readonly List<string> _directories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registry_copied_to_PostgreSQL_and_back_has_every_row_and_blob_and_new_ids_follow_the_copied_ones()
    {
        var sqlite = SqliteEnd();
        await StoreWrittenRegistry.WriteAsync(sqlite, Ct);
        var postgres = await PostgresEndAsync();

        var there = await MigrateAsync(sqlite, postgres);

        Assert.False(there.Resumed);
        Assert.Equal((3, 0), (there.BlobsCopied, there.BlobsPresent));
        await AssertSameRegistryAsync(sqlite, postgres);
        await using (var c = await postgres.Database.OpenAsync(Ct))
        {
            // Not carried: the upload in progress and the throttle's counter.
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM uploads"));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM login_failures"));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM migrate_runs WHERE completed_at IS NOT NULL"));
        }

        // The identities continue past the copied ids: new rows do not collide with them.
        var accounts = new SqlAccountStore(postgres.Database, TimeProvider.System);
        var before = await MaxIdAsync(postgres, "accounts");
        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("newcomer", "password-3", Ct));
        Assert.Equal(before + 1, await MaxIdAsync(postgres, "accounts"));
        var blob = await postgres.Blobs.ListAsync(Ct).FirstAsync(Ct);
        await new SqlMetadataStore(postgres.Database, TimeProvider.System).LinkBlobAsync("new/repo", blob, (await postgres.Blobs.StatAsync(blob, Ct))!.Value, Ct);
        await accounts.AppendAuditAsync("newcomer", "login", "newcomer", null, null, Ct);
        Assert.True((await accounts.CreateAccessTokenAsync("newcomer", AccessTokenKind.PersonalAccessToken, "t", TokenScope.Read, null, Ct)).IsDone);

        var back = SqliteEnd();
        var again = await MigrateAsync(postgres, back);

        Assert.Equal(3, again.BlobsCopied);
        Assert.Equal(5, again.Tables.Single(t => t.Table == "accounts").Rows);
        await AssertSameRegistryAsync(postgres, back);
    }

    [Fact]
    public async Task A_registry_copied_between_two_PostgreSQL_databases_has_every_row_and_blob()
    {
        var sqlite = SqliteEnd();
        await StoreWrittenRegistry.WriteAsync(sqlite, Ct);
        var first = await PostgresEndAsync();
        var second = await PostgresEndAsync();
        await MigrateAsync(sqlite, first);

        var report = await MigrateAsync(first, second);

        Assert.Equal(3, report.BlobsCopied);
        await AssertSameRegistryAsync(first, second);
    }

    [Fact]
    public async Task A_copy_into_PostgreSQL_that_shares_the_source_blob_store_copies_no_blob()
    {
        var sqlite = SqliteEnd();
        await StoreWrittenRegistry.WriteAsync(sqlite, Ct);
        var postgres = await PostgresEndAsync() with { Blobs = sqlite.Blobs, BlobStoreName = sqlite.BlobStoreName };

        var report = await MigrateAsync(sqlite, postgres);

        Assert.Equal((0, 3), (report.BlobsCopied, report.BlobsPresent));
        await AssertSameRegistryAsync(sqlite, postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await _databases.DisposeAsync();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<MigrationReport> MigrateAsync(MigrationEnd from, MigrationEnd to) =>
        new RegistryMigrator(from, to, new MigrationOptions(), new NoProgress(), TimeProvider.System).RunAsync(Ct);

    private static async Task AssertSameRegistryAsync(MigrationEnd expected, MigrationEnd actual)
    {
        var rows = await RegistryRows.ReadAsync(actual.Database, Ct);
        foreach (var (table, expectedRows) in await RegistryRows.ReadAsync(expected.Database, Ct))
        {
            Assert.True(expectedRows.Count > 0, $"{table} has no rows to compare");
            Assert.Equal(expectedRows, rows[table]);
        }

        await foreach (var digest in expected.Blobs.ListAsync(Ct))
        {
            await using var want = (await expected.Blobs.OpenReadAsync(digest, 0, Ct))!;
            await using var got = await actual.Blobs.OpenReadAsync(digest, 0, Ct);
            Assert.NotNull(got);
            Assert.Equal(Digest.Compute(await ReadAllAsync(want)), Digest.Compute(await ReadAllAsync(got)));
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    private static async Task<long> MaxIdAsync(MigrationEnd end, string table)
    {
        await using var c = await end.Database.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT MAX(id) FROM {table}");
    }

    private MigrationEnd SqliteEnd()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-migrator-").FullName;
        _directories.Add(directory);
        var path = Path.Combine(directory, "wharf.db");
        return new MigrationEnd(SqlDatabase.Sqlite(path), new FileSystemBlobStore(directory), $"sqlite:{path}", $"filesystem:{directory}");
    }

    private async Task<MigrationEnd> PostgresEndAsync()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-migrator-pg-").FullName;
        _directories.Add(directory);
        return new MigrationEnd(await _databases.CreateAsync(), new FileSystemBlobStore(directory), $"postgres:{Guid.NewGuid():N}", $"filesystem:{directory}");
    }

    private sealed class NoProgress : IMigrationProgress
    {
        public void Note(string message)
        {
        }

        public void BlobsListed(int count)
        {
        }

        public void BlobStarted(Digest digest, long size)
        {
        }

        public void BlobAdvanced(Digest digest, long bytes)
        {
        }

        public void BlobFinished(Digest digest, long size, BlobCopyOutcome outcome)
        {
        }

        public void TablesStarted(int count)
        {
        }

        public void TableAdvanced(string table, long rows)
        {
        }

        public void TableCopied(string table, long rows)
        {
        }
    }
}
