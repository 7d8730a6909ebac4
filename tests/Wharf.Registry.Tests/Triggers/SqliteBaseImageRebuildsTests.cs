using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Triggers;

public sealed class SqliteBaseImageRebuildsTests : BaseImageRebuildsContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-base-images-").FullName;

    private string Path => System.IO.Path.Combine(_directory, "wharf.db");

    protected override async Task<SqlDatabase> CreateDatabaseAsync()
    {
        var database = SqlDatabase.Sqlite(Path);
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        return database;
    }

    protected override SqlDatabase OpenAgain() => SqlDatabase.Sqlite(Path);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
