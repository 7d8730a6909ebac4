using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Auth;

public sealed class SqliteSigningKeyTableTests : SigningKeyTableContract
{
    protected override async Task<SqlDatabase> CreateDatabaseAsync()
    {
        var database = SqlDatabase.Sqlite(Path.Combine(Directory.CreateTempSubdirectory("wharf-keys-").FullName, "wharf.db"));
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        return database;
    }
}
