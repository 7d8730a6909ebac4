using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

public sealed class SqliteMetadataStoreTests : MetadataStoreContract
{
    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wharf-sqlite-").FullName, "wharf.db");
        var store = new SqlMetadataStore(SqlDatabase.Sqlite(path), TimeProvider.System);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }
}
