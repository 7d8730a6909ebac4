using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Overview;

public sealed class SqliteOverviewTests : OverviewContract
{
    protected override Task<SqlDatabase> CreateDatabaseAsync() =>
        Task.FromResult(SqlDatabase.Sqlite(Path.Combine(Directory.CreateTempSubdirectory("wharf-overview-").FullName, "wharf.db")));
}
