using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Wharf.Registry.Metadata;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;
using static Wharf.Server.Tests.Cli.Migrate.MigrateEnds;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>What <c>wharf migrate</c> will not do, each refusal one line and exit 1: copy a damaged blob, write over a
/// registry unless told to, copy a registry onto itself, or copy between schema versions.</summary>
public sealed class MigrateRefusalTests(PostgresCluster cluster, CephFixture ceph) : IDisposable
{
    private readonly List<string> _directories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_blob_whose_bytes_changed_on_disk_stops_the_copy_naming_its_digest_and_never_reaches_the_target()
    {
        var source = NewDirectory();
        var image = await PushAsync(source);
        var path = Path.Combine(source, "blobs", "sha256", image.Layer.Digest[7..9], image.Layer.Digest[7..]);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        bytes[^1] ^= 0xff; // same size, other content: only the digest can tell
        await File.WriteAllBytesAsync(path, bytes, Ct);
        var postgres = await PostgresS3End.CreateAsync(cluster, ceph, GetType(), NewDirectory());

        var result = await MigrateAsync(postgres.Secrets("WHARF_TO_"), "--quiet", "--from", source, "--to-config", postgres.ConfigFile);

        var line = CliAssert.FailedWithOneLine(result, "migrate");
        Assert.Contains($"blob {image.Layer.Digest} in the source is damaged", line, StringComparison.Ordinal);
        Assert.DoesNotContain(await postgres.ListKeysAsync("blobs/"), key => key.EndsWith(image.Layer.Digest[7..], StringComparison.Ordinal));
        Assert.Empty(await postgres.ListKeysAsync("uploads/"));

        // Run again, it is the same unfinished copy (not a non-empty target), and the same damage stops it.
        var again = await MigrateAsync(postgres.Secrets("WHARF_TO_"), "--quiet", "--from", source, "--to-config", postgres.ConfigFile);
        Assert.Contains(image.Layer.Digest, CliAssert.FailedWithOneLine(again, "migrate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_holding_a_registry_is_refused_unless_overwrite_and_an_overwrite_copies_only_new_blobs()
    {
        var source = NewDirectory();
        await PushAsync(source);
        var target = NewDirectory();
        await (await WharfServer.StartWithAuthAsync("admin-password-0", dataDirectory: target)).DisposeAsync(); // makes its admin

        var refused = await MigrateAsync(null, "--from", source, "--to", target);

        var line = CliAssert.FailedWithOneLine(refused, "migrate");
        Assert.Contains("the target is not empty: it holds accounts (1)", line, StringComparison.Ordinal);
        Assert.Contains("pass --overwrite", line, StringComparison.Ordinal);

        await MigratedAsync(null, "--from", source, "--to", target, "--overwrite");
        await AssertSameRowsAsync(Embedded(source), Embedded(target));

        // A finished copy is a registry too (it may have been served since); --overwrite refreshes it, as a backup.
        var completed = CliAssert.FailedWithOneLine(await MigrateAsync(null, "--from", source, "--to", target), "migrate");
        Assert.Contains($"copied from sqlite:{Path.Combine(source, "wharf.db")}", completed, StringComparison.Ordinal);
        await PushAsync(source);
        var refreshed = await MigratedAsync(null, "--from", source, "--to", target, "--overwrite");
        Assert.Contains("blobs: 2 copied", refreshed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 already there", refreshed.StandardOutput, StringComparison.Ordinal);
        await AssertSameRowsAsync(Embedded(source), Embedded(target));
    }

    [Fact]
    public async Task The_same_database_at_both_ends_is_refused_however_it_is_named()
    {
        var source = NewDirectory();
        await PushAsync(source);
        var config = Path.Combine(NewDirectory(), "same.json");
        var settings = new JsonObject
        {
            ["Database"] = new JsonObject { ["Provider"] = "sqlite", ["ConnectionString"] = Path.Combine(source, "wharf.db") },
            ["Storage"] = new JsonObject { ["DataDirectory"] = NewDirectory() },
        };
        await File.WriteAllTextAsync(config, settings.ToJsonString(), Ct);

        var direct = await MigrateAsync(null, "--from", source, "--to", Path.Combine(source, "..", Path.GetFileName(source)));
        var viaConfig = await MigrateAsync(null, "--from", source, "--to-config", config);

        Assert.Contains("the source and the target are the same database", CliAssert.FailedWithOneLine(direct, "migrate"), StringComparison.Ordinal);
        Assert.Contains("the source and the target are the same database", CliAssert.FailedWithOneLine(viaConfig, "migrate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_PostgreSQL_database_reached_by_two_host_names_is_refused_as_the_same()
    {
        var connectionString = await cluster.CreateSchemaAsync(Ct);
        await using (var database = SqlDatabase.Postgres(connectionString))
        {
            await SchemaMigrator.MigrateAsync(database, Ct);
        }

        var config = Path.Combine(NewDirectory(), "postgres.json");
        var settings = new JsonObject { ["Database"] = new JsonObject { ["Provider"] = "postgres" }, ["Storage"] = new JsonObject { ["DataDirectory"] = NewDirectory() } };
        await File.WriteAllTextAsync(config, settings.ToJsonString(), Ct);
        var environment = new Dictionary<string, string>
        {
            ["WHARF_FROM_Database__ConnectionString"] = connectionString,
            ["WHARF_TO_Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(connectionString) { Host = "localhost" }.ConnectionString,
        };

        var result = await MigrateAsync(environment, "--from-config", config, "--to-config", config);

        Assert.Contains("the source and the target are the same database (postgres://127.0.0.1:", CliAssert.FailedWithOneLine(result, "migrate"), StringComparison.Ordinal);
        Assert.Contains("and postgres://localhost:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_at_another_schema_version_is_refused_saying_what_to_do()
    {
        var source = NewDirectory();
        await PushAsync(source);
        await using var database = SqlDatabase.Sqlite(Path.Combine(source, "wharf.db"));
        long previous;
        await using (var c = await database.OpenAsync(Ct))
        {
            await c.ExecuteAsync("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
            previous = await c.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_migrations"); // not always the latest - 1 (a number may be skipped)
        }

        var older = CliAssert.FailedWithOneLine(await MigrateAsync(null, "--from", source, "--to", NewDirectory()), "migrate");

        await using (var c = await database.OpenAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)");
        }

        var newer = CliAssert.FailedWithOneLine(await MigrateAsync(null, "--from", source, "--to", NewDirectory()), "migrate");

        Assert.Contains($"the source's schema is at version {previous} and this wharf's at {SchemaMigrator.LatestVersion}", older, StringComparison.Ordinal);
        Assert.Contains("`wharf serve` on it once", older, StringComparison.Ordinal);
        Assert.Contains("the source's schema is at version 99, newer than this wharf's", newer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_end_that_cannot_be_reached_is_one_line_saying_why()
    {
        var source = NewDirectory();
        await PushAsync(source);
        var postgres = await PostgresS3End.CreateAsync(cluster, ceph, GetType(), NewDirectory());
        var wrongPort = postgres.Secrets("WHARF_TO_");
        wrongPort["WHARF_TO_Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Port = WharfProcess.FreePort(), Timeout = 3 }.ConnectionString;
        var wrongKey = postgres.Secrets("WHARF_TO_");
        wrongKey["WHARF_TO_Storage__S3__SecretKey"] = "not-the-secret";

        var database = CliAssert.FailedWithOneLine(await MigrateAsync(wrongPort, "--quiet", "--from", source, "--to-config", postgres.ConfigFile), "migrate");
        var store = CliAssert.FailedWithOneLine(await MigrateAsync(wrongKey, "--quiet", "--from", source, "--to-config", postgres.ConfigFile), "migrate");

        Assert.Contains("Failed to connect to 127.0.0.1:", database, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", database, StringComparison.Ordinal);
        Assert.Contains("the object store answered 403", store, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", store, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", store, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_end_is_named_exactly_once()
    {
        var none = CliAssert.FailedWithOneLine(await MigrateAsync(null, "--to", NewDirectory()), "migrate");
        var both = CliAssert.FailedWithOneLine(await MigrateAsync(null, "--from", NewDirectory(), "--from-config", "x.json", "--to", NewDirectory()), "migrate");

        Assert.Contains("name the source once, as --from DATA-DIR or --from-config FILE", none, StringComparison.Ordinal);
        Assert.Contains("name the source once", both, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Pushes an image (config, one layer, manifest) into the embedded registry at <paramref name="dataDirectory"/>.</summary>
    private static async Task<PushedImage> PushAsync(string dataDirectory)
    {
        await using var server = await WharfServer.StartAsync(dataDirectory);
        return await new OciTestClient(server.Client).PushImageAsync(OciTestClient.NewRepository("migrate"), "1");
    }

    private string NewDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-migrate-").FullName;
        _directories.Add(directory);
        return directory;
    }
}
