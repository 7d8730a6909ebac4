using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Wharf.Registry.Metadata;

/// <summary>The only SQL that differs between the dialects outside the DDL (decision 008). Everything else — every
/// query of the metadata, account and signing-key stores — is one text for both.</summary>
public sealed partial class SqlDatabase
{
    /// <summary>"is one of the list parameter <paramref name="parameter"/>", after a column: Dapper expands
    /// <c>IN @list</c> into <c>IN (@list1, @list2…)</c> for SQLite, but hands Npgsql the list as one array
    /// parameter, which PostgreSQL compares with <c>= ANY(…)</c>.</summary>
    public string InList(string parameter) =>
        Dialect == SqlDialect.Postgres ? $"= ANY({parameter})" : $"IN {parameter}";

    /// <summary>Takes a lock on each of <paramref name="names"/> (digests, mostly) until <paramref name="transaction"/>
    /// ends, so that check-then-write transactions on the same names run one after another (decision 005). SQLite:
    /// nothing to do, as its transactions (<c>BEGIN IMMEDIATE</c>) already hold the database's single write lock from
    /// their start. PostgreSQL: <c>pg_advisory_xact_lock</c> per name, in one fixed order (so two transactions never
    /// wait for each other in a cycle), before the checks, whose snapshots are then taken after the wait (READ
    /// COMMITTED takes one per statement). Call it first in the transaction, before any row is written.</summary>
    public async Task LockAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> names)
    {
        if (Dialect != SqlDialect.Postgres)
        {
            return;
        }

        // One statement per lock, sent as one batch (one round trip), which PostgreSQL runs in order.
        var keys = names.Select(LockKey).Distinct().Order().ToList();
        var parameters = new DynamicParameters();
        var sql = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            parameters.Add($"k{i}", keys[i]);
            sql.Append(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock(@k{i});");
        }

        if (keys.Count > 0)
        {
            await connection.ExecuteAsync(sql.ToString(), parameters, transaction);
        }
    }

    /// <summary>Ends a <c>SELECT</c> that picks rows to claim inside a transaction (builds off the queue, decision 017).
    /// PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so each of several concurrent claimers locks a different row and none
    /// waits for another's. SQLite: nothing, as its transactions (<c>BEGIN IMMEDIATE</c>) hold the database's single write
    /// lock from their start, so claimers already run one after another.</summary>
    public string ForUpdateSkipLocked => Dialect == SqlDialect.Postgres ? "FOR UPDATE SKIP LOCKED" : "";

    /// <summary>Ends a <c>SELECT</c> of rows that the transaction then inserts references to (an event's deliveries to
    /// the webhooks it read, decision 022). PostgreSQL: <c>FOR KEY SHARE</c>, so a concurrent delete of such a row waits
    /// for this transaction instead of failing its foreign-key check at the insert. SQLite: nothing (one writer at a time).</summary>
    public string ForKeyShare => Dialect == SqlDialect.Postgres ? "FOR KEY SHARE" : "";

    /// <summary>The namespace of a repository name column, as <c>AccessPolicy.NamespaceOf</c> gives it: the text before
    /// the first <c>/</c>, or the whole name. SQLite has <c>instr</c> where PostgreSQL has <c>split_part</c>.</summary>
    public string NamespaceOf(string column) => Dialect == SqlDialect.Postgres
        ? $"split_part({column}, '/', 1)"
        : $"CASE WHEN instr({column}, '/') > 0 THEN substr({column}, 1, instr({column}, '/') - 1) ELSE {column} END";

    /// <summary>The tables of the schema this connection works in (PostgreSQL: the first schema of the search path),
    /// SQLite's own excepted.</summary>
    public async Task<IReadOnlySet<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction)
    {
        var sql = Dialect == SqlDialect.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        return (await connection.QueryAsync<string>(sql, transaction: transaction)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Text that names the database itself, however it was reached, so that two handles on one database (a host
    /// name and an address, a path through a symbolic link) can be told to be the same: PostgreSQL's server (its start
    /// time), database (its oid) and schema; SQLite's file as SQLite resolved it (links followed).</summary>
    public async Task<string> IdentifyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return Dialect == SqlDialect.Postgres
            ? await connection.ExecuteScalarAsync<string>(
                "SELECT 'postgres ' || pg_postmaster_start_time()::text || ' ' || d.oid::text || ' ' || COALESCE(current_schema(), '') " +
                "FROM pg_database d WHERE d.datname = current_database()") ?? ""
            : $"sqlite {connection.DataSource}";
    }

    /// <summary>A read-only transaction whose statements all see one snapshot of the database, for copying a registry
    /// that may be live (<c>wharf migrate</c>). PostgreSQL: REPEATABLE READ, READ ONLY. SQLite: a deferred transaction,
    /// which takes its snapshot at its first read and never the write lock (the default here, <c>BEGIN IMMEDIATE</c>,
    /// would wait for a live server's writers, and fails on a read-only connection).</summary>
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct)
    {
        if (Dialect == SqlDialect.Postgres)
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: transaction);
            return transaction;
        }

        return ((SqliteConnection)connection).BeginTransaction(deferred: true);
    }

    /// <summary>After rows were inserted with the ids they had elsewhere (<c>wharf migrate</c>), makes the next generated
    /// <paramref name="column"/> of <paramref name="table"/> follow the highest. PostgreSQL: an identity's sequence does
    /// not move for explicit values, so it is set past them. SQLite: nothing to do, a rowid is one more than the
    /// highest present (no table uses AUTOINCREMENT).</summary>
    public async Task ContinueIdentityAsync(DbTransaction transaction, string table, string column)
    {
        if (Dialect == SqlDialect.Postgres)
        {
            await transaction.Connection!.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) FROM {table}",
                transaction: transaction);
        }
    }

    /// <summary>SQLite: moves what the write-ahead log holds into the database and empties the log, if no reader is in
    /// the way (<c>wal_checkpoint(TRUNCATE)</c>, which gives up rather than wait past the busy timeout's first try).
    /// Readers of a database whose log is empty skip looking each page up in the log's index; a periodic writer on a
    /// read-heavy server (the pull statistics' flush) calls this after its write, or every read pays for the frames it
    /// left until the log fills to SQLite's own checkpoint. PostgreSQL: nothing.</summary>
    public async Task<bool> TruncateLogAsync(CancellationToken ct)
    {
        if (Dialect != SqlDialect.Sqlite)
        {
            return true;
        }

        await using var c = await OpenAsync(ct);
        // (busy, log frames, frames checkpointed): busy = 1 when a reader or writer kept it from finishing.
        var (busy, _, _) = await c.QuerySingleAsync<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");
        return busy == 0;
    }

    /// <summary>Before the migrations, SQLite switches the file to WAL: a property of the file, kept across opens.</summary>
    internal async Task PrepareForMigrationAsync(DbConnection connection)
    {
        if (Dialect == SqlDialect.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>A 64-bit advisory-lock key: the first 8 bytes of the name's SHA-256 (a collision only makes two
    /// unrelated names wait for each other).</summary>
    private static long LockKey(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
