using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Auth;

public sealed class PostgresSigningKeyTableTests(PostgresCluster cluster) : SigningKeyTableContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override async Task<SqlDatabase> CreateDatabaseAsync()
    {
        var database = await _databases.CreateAsync();
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        return database;
    }

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
