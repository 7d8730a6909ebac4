using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Wharf.Registry.Metadata;

/// <summary>How to open a connection to the metadata database, and which migrations fit it. SQLite and
/// PostgreSQL share every query; they differ only here (the few places a dialect needs its own SQL are in
/// <c>SqlDatabase.Dialect.cs</c>) and in their DDL. Thread-safe; dispose it to close PostgreSQL's pool.</summary>
public sealed partial class SqlDatabase : IAsyncDisposable
{
    private readonly Func<DbConnection> _create;
    private readonly string? _onOpen;
    private readonly IAsyncDisposable? _pool;

    private SqlDatabase(SqlDialect dialect, Func<DbConnection> create, string? onOpen, IAsyncDisposable? pool)
    {
        Dialect = dialect;
        _create = create;
        _onOpen = onOpen;
        _pool = pool;
    }

    public SqlDialect Dialect { get; }

    /// <summary>SQLite in WAL mode: readers never wait for the writer; a writer waits (up to the command
    /// timeout) for another writer instead of failing, which is what several requests at once need.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="readOnly">Open it only for reading (the source of <c>wharf migrate</c>): it must exist, and nothing
    /// can write to it through this handle.</param>
    public static SqlDatabase Sqlite(string path, bool readOnly = false)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();

        // synchronous=NORMAL in WAL mode survives a process crash (kill -9) intact; only an OS crash can
        // lose the last commits, never corrupt the file.
        return new SqlDatabase(SqlDialect.Sqlite, () => new SqliteConnection(connectionString), "PRAGMA synchronous=NORMAL;", null);
    }

    /// <summary>PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>, from an Npgsql connection string
    /// (<c>Host=db;Database=wharf;Username=wharf;Password=…</c>; pool size, timeouts and TLS are its keywords).</summary>
    public static SqlDatabase Postgres(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new SqlDatabase(SqlDialect.Postgres, dataSource.CreateConnection, null, dataSource);
    }

    /// <summary>An open connection; disposing it gives it back. The time between the two is recorded as one database
    /// operation named after the calling store method (<see cref="DatabaseTiming"/>), so every query is timed without
    /// touching it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var connection = _create();
        try
        {
            await connection.OpenAsync(ct);
            if (_onOpen is not null)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _onOpen;
                await command.ExecuteNonQueryAsync(ct);
            }

            DatabaseTiming.Track(connection, operation, started);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _pool?.DisposeAsync() ?? ValueTask.CompletedTask;
}
