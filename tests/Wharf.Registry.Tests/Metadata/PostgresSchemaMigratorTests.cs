using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

public sealed class PostgresSchemaMigratorTests(PostgresCluster cluster) : SchemaMigratorContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override async Task<Func<SqlDatabase>> CreateEmptyDatabaseAsync()
    {
        var connectionString = await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken);
        return () => _databases.Open(connectionString);
    }

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
