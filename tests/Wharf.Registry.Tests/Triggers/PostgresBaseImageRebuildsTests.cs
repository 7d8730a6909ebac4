using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Triggers;

public sealed class PostgresBaseImageRebuildsTests(PostgresCluster cluster) : BaseImageRebuildsContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);
    private string? _connectionString;

    protected override async Task<SqlDatabase> CreateDatabaseAsync()
    {
        _connectionString = await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken);
        var database = _databases.Open(_connectionString);
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        return database;
    }

    protected override SqlDatabase OpenAgain() => _databases.Open(_connectionString!);

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
