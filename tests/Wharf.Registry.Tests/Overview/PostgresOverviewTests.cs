using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Overview;

public sealed class PostgresOverviewTests(PostgresCluster cluster) : OverviewContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override Task<SqlDatabase> CreateDatabaseAsync() => _databases.CreateAsync();

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
