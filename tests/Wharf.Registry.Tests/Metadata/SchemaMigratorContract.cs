using Dapper;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

/// <summary>What the migrations must do on every database: several nodes starting at once on an empty database end
/// with one schema, each script applied once.</summary>
public abstract class SchemaMigratorContract
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty database, and a way to open another handle on it (what each node has).</summary>
    protected abstract Task<Func<SqlDatabase>> CreateEmptyDatabaseAsync();

    [Fact]
    public async Task Nodes_starting_at_once_on_an_empty_database_apply_each_script_once()
    {
        var open = await CreateEmptyDatabaseAsync();
        var nodes = Enumerable.Range(0, 4).Select(_ => open()).ToList();
        using var start = new Barrier(nodes.Count);

        await Task.WhenAll(nodes.Select((database, i) => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            // The metadata and the account store of each node both migrate at start-up.
            await (i % 2 == 0
                ? new SqlMetadataStore(database, TimeProvider.System).MigrateAsync(Ct)
                : new SqlAccountStore(database, TimeProvider.System).MigrateAsync(Ct));
        }, Ct)));

        await using var c = await nodes[0].OpenAsync(Ct);
        var versions = (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(MigrationScripts.Versions(nodes[0].Dialect), versions);
        var store = new SqlMetadataStore(nodes[1], TimeProvider.System);
        await store.LinkBlobAsync("r", Oci.Digest.Compute([1]), 1, Ct);
        Assert.Equal(["r"], await store.ListRepositoriesAsync(null, 10, Ct));
    }

    [Fact]
    public async Task A_database_a_newer_wharf_migrated_further_is_refused_not_served()
    {
        var open = await CreateEmptyDatabaseAsync();
        var database = open();
        await SchemaMigrator.MigrateAsync(database, Ct);
        await using (var c = await database.OpenAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, 0)", new { version = SchemaMigrator.LatestVersion + 1 });
        }

        // An old node restarted in the middle of a rolling upgrade must be upgraded, not run on a schema it does not know.
        var refused = await Assert.ThrowsAsync<NewerSchemaException>(() => SchemaMigrator.MigrateAsync(open(), Ct));
        Assert.Contains($"version {SchemaMigrator.LatestVersion + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade", refused.Message, StringComparison.Ordinal);
    }
}
