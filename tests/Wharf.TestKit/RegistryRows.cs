using System.Data.Common;
using System.Globalization;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;

namespace Wharf.TestKit;

/// <summary>Every row of the tables <c>wharf migrate</c> carries, as text that reads the same from SQLite and
/// PostgreSQL (columns by name, numbers as integers whatever their width, bytes as hex), so two registries' tables can
/// be compared for equality row by row.</summary>
public static class RegistryRows
{
    /// <summary>table → its rows in key order, each "column=value; …" with the columns in name order.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(SqlDatabase database, CancellationToken ct)
    {
        var tables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        foreach (var table in RegistryTables.Carried)
        {
            tables[table.Name] = await ReadAsync(connection, table, ct);
        }

        return tables;
    }

    private static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, RegistryTable table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table.Name} ORDER BY {string.Join(", ", table.OrderBy)}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Name: reader.GetName(i), Value: Text(reader.GetValue(i))));
            rows.Add(string.Join("; ", columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name}={c.Value}")));
        }

        return rows;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "null",
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        int or long or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
