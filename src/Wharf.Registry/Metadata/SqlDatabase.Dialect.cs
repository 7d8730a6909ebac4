using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

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
