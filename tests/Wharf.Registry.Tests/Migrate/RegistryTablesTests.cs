using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;

namespace Wharf.Registry.Tests.Migrate;

/// <summary><c>wharf migrate</c> copies a fixed list of tables: a migration that adds a table must say whether it is
/// carried, and both dialects must give each carried table the same columns, or the copy would drop some.</summary>
public sealed class RegistryTablesTests(PostgresCluster cluster) : IAsyncDisposable
{
    private readonly PostgresDatabases _databases = new(cluster);
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-tables-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_table_of_the_schema_is_carried_or_left_with_a_reason_on_both_dialects()
    {
        var known = RegistryTables.Carried.Select(t => t.Name).Concat(RegistryTables.NotCarried.Keys).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(known.Distinct(StringComparer.Ordinal), known);
        foreach (var database in await MigratedDatabasesAsync())
        {
            await using var connection = await database.OpenAsync(Ct);
            Assert.Equal(known, (await database.ListTablesAsync(connection, null)).Order(StringComparer.Ordinal));
        }

        Assert.All(RegistryTables.ClearedInTarget, t => Assert.Contains(t, RegistryTables.NotCarried.Keys));
    }

    [Fact]
    public async Task Each_carried_table_has_the_same_columns_in_the_same_order_on_both_dialects()
    {
        var databases = await MigratedDatabasesAsync();
        foreach (var table in RegistryTables.Carried)
        {
            var columns = new List<List<string>>();
            foreach (var database in databases)
            {
                await using var connection = await database.OpenAsync(Ct);
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM {table.Name} WHERE 1 = 0";
                await using var reader = await command.ExecuteReaderAsync(Ct);
                columns.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)]);
            }

            Assert.Equal(columns[0], columns[1]);
            Assert.All(table.OrderBy.Append(table.Identity ?? table.OrderBy[0]), c => Assert.Contains(c, columns[0]));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _databases.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<SqlDatabase[]> MigratedDatabasesAsync()
    {
        var sqlite = SqlDatabase.Sqlite(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        var postgres = await _databases.CreateAsync();
        await SchemaMigrator.MigrateAsync(sqlite, Ct);
        await SchemaMigrator.MigrateAsync(postgres, Ct);
        return [sqlite, postgres];
    }
}
