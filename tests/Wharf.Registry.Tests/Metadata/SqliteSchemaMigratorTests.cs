using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

public sealed class SqliteSchemaMigratorTests : SchemaMigratorContract
{
    protected override Task<Func<SqlDatabase>> CreateEmptyDatabaseAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wharf-migrate-").FullName, "wharf.db");
        return Task.FromResult<Func<SqlDatabase>>(() => SqlDatabase.Sqlite(path));
    }
}
