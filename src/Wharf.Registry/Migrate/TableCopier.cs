using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Wharf.Registry.Migrate;

/// <summary>Copies every row of one table from a transaction on one database to a transaction on another, SQLite or
/// PostgreSQL either way, by column name, ids and all. The same SQL serves both dialects (decision 008): a
/// <c>SELECT *</c> in key order, streamed, and multi-row <c>INSERT</c>s of what it read, each value a parameter. Values
/// arrive as the reading driver's types (a 0/1 flag is an <c>int</c> from PostgreSQL, a <c>long</c> from SQLite) and
/// the writing database converts them to its column's type. Both ends must have the table with the same columns, which
/// they do at the same schema version; a difference is refused rather than a column dropped.</summary>
public static class TableCopier
{
    // Under SQLite's 32,766 bound parameters per statement and PostgreSQL's 65,535.
    private const int MaxParameters = 30_000;
    private const int MaxRowsPerStatement = 500;

    // Manifests are up to 4 MiB each: a statement is sent once its values reach this much, however few rows it has.
    private const long MaxBytesPerStatement = 8L * 1024 * 1024;

    /// <summary>Copies <paramref name="table"/>, telling <paramref name="copied"/> the rows written so far after each
    /// statement. Returns the number of rows copied.</summary>
    public static async Task<long> CopyAsync(RegistryTable table, DbTransaction source, DbTransaction target, Action<long>? copied, CancellationToken ct)
    {
        var targetColumns = await ColumnsAsync(target, table.Name, ct);
        await using var select = source.Connection!.CreateCommand();
        select.Transaction = source;
        select.CommandText = $"SELECT * FROM {table.Name} ORDER BY {string.Join(", ", table.OrderBy)}";
        await using var reader = await select.ExecuteReaderAsync(ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        if (!columns.Order(StringComparer.Ordinal).SequenceEqual(targetColumns.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new MigrationException(
                $"table {table.Name} has the columns ({string.Join(", ", columns)}) in the source but ({string.Join(", ", targetColumns)}) in the target");
        }

        var perStatement = Math.Clamp(MaxParameters / columns.Count, 1, MaxRowsPerStatement);
        var batch = new List<object[]>(perStatement);
        long rows = 0, bytes = 0;
        while (await reader.ReadAsync(ct))
        {
            var values = new object[columns.Count];
            reader.GetValues(values);
            batch.Add(values);
            bytes += values.Sum(SizeOf);
            if (batch.Count == perStatement || bytes >= MaxBytesPerStatement)
            {
                rows += await InsertAsync(target, table.Name, columns, batch, ct);
                copied?.Invoke(rows);
                batch.Clear();
                bytes = 0;
            }
        }

        if (batch.Count > 0)
        {
            rows += await InsertAsync(target, table.Name, columns, batch, ct);
            copied?.Invoke(rows);
        }

        return rows;
    }

    /// <summary>The table's column names as the database reports them (no rows read).</summary>
    private static async Task<List<string>> ColumnsAsync(DbTransaction transaction, string table, CancellationToken ct)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT * FROM {table} WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    private static async Task<int> InsertAsync(DbTransaction target, string table, IReadOnlyList<string> columns, List<object[]> rows, CancellationToken ct)
    {
        await using var insert = target.Connection!.CreateCommand();
        insert.Transaction = target;
        // Names are quoted: a column may be a keyword of one dialect (at, action, sequence…).
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ");
        var n = 0;
        foreach (var row in rows)
        {
            sql.Append(n == 0 ? "(" : ", (");
            for (var i = 0; i < row.Length; i++, n++)
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = string.Create(CultureInfo.InvariantCulture, $"@p{n}");
                parameter.Value = row[i];
                insert.Parameters.Add(parameter);
                sql.Append(i == 0 ? "" : ", ").Append(parameter.ParameterName);
            }

            sql.Append(')');
        }

        insert.CommandText = sql.ToString();
        return await insert.ExecuteNonQueryAsync(ct);
    }

    private static long SizeOf(object value) => value switch
    {
        byte[] bytes => bytes.Length,
        string text => text.Length * sizeof(char),
        _ => sizeof(long),
    };
}
