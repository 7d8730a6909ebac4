using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Inspection;

public sealed class SqliteImageInspectorTests : ImageInspectorContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-inspect-db-").FullName;

    protected override Task<SqlDatabase> CreateDatabaseAsync() => Task.FromResult(SqlDatabase.Sqlite(Path.Combine(_directory, "wharf.db")));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
