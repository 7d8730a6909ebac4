using Wharf.Registry.Metadata;

namespace Wharf.Server.Tests.Auth;

public sealed class PostgresSigningKeyStoreTests(PostgresCluster cluster) : SigningKeyStoreContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override Task<SqlDatabase> CreateDatabaseAsync() => _databases.CreateAsync();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _databases.DisposeAsync();
    }
}
