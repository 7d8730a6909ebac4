using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

public sealed class PostgresMetadataStoreTests(PostgresCluster cluster) : MetadataStoreContract, IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);

    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        var store = new SqlMetadataStore(await _databases.CreateAsync(), TimeProvider.System);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
