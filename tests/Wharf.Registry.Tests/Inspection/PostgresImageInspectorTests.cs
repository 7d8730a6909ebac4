using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Inspection;

public sealed class PostgresImageInspectorTests(PostgresCluster cluster) : ImageInspectorContract
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override async Task<SqlDatabase> CreateDatabaseAsync() =>
        _databases.Open(await cluster.CreateSchemaAsync(Ct));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
