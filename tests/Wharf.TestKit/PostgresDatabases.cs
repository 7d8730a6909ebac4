using Wharf.Registry.Metadata;

namespace Wharf.TestKit;

/// <summary>Fresh PostgreSQL databases (a schema each) on the assembly's cluster for one test, each closed (its pool
/// emptied) when the test ends, so a long run never piles up idle connections.</summary>
public sealed class PostgresDatabases(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly List<SqlDatabase> _opened = [];

    /// <summary>A new, empty database (not migrated).</summary>
    public async Task<SqlDatabase> CreateAsync()
    {
        var database = SqlDatabase.Postgres(await cluster.CreateSchemaAsync(TestContext.Current.CancellationToken));
        _opened.Add(database);
        return database;
    }

    /// <summary>Another handle on the same database, as a second node would have.</summary>
    public SqlDatabase Open(string connectionString)
    {
        var database = SqlDatabase.Postgres(connectionString);
        _opened.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}
