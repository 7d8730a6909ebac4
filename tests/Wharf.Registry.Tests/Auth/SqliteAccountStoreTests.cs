using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Auth;

public sealed class SqliteAccountStoreTests : AccountStoreContract
{
    protected override Task<IAccountStore> CreateStoreAsync() => CreateAsync(Time);

    /// <summary>A new, migrated store in a new SQLite file, also for the tests of what sits on the store.</summary>
    internal static async Task<IAccountStore> CreateAsync(TimeProvider time)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wharf-accounts-").FullName, "wharf.db");
        var store = new SqlAccountStore(SqlDatabase.Sqlite(path), time);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }
}
