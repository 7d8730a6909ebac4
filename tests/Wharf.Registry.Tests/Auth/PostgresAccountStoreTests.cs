using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class PostgresAccountStoreTests(PostgresCluster cluster) : AccountStoreContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override async Task<IAccountStore> CreateStoreAsync()
    {
        var store = new SqlAccountStore(await _databases.CreateAsync(), Time);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
