using System.Data.Common;
using Dapper;
using Wharf.Registry.Metadata;
using KeyRow = (long Sequence, string Kid, string PrivateKey, long CreatedAt);

namespace Wharf.Registry.Auth;

/// <summary>The token signing keys' rows (<c>signing_keys</c>, migration 007, decision 008), shared by every node
/// through the database. Persistence only: the keys' cryptography, the view each node keeps and the rotation policy
/// are the server's <c>SigningKeyStore</c>. Same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlSigningKeyStore(SqlDatabase database)
{
    /// <summary>Every key, oldest (lowest sequence) first; empty before the first key is made.</summary>
    public async Task<IReadOnlyList<StoredSigningKey>> ListAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<KeyRow>("SELECT sequence, kid, private_key, created_at FROM signing_keys ORDER BY sequence");
        return [.. rows.Select(r => new StoredSigningKey(r.Sequence, r.Kid, r.PrivateKey, AuthColumns.Time(r.CreatedAt)))];
    }

    /// <summary>Adds <paramref name="key"/> unless its sequence number is taken; false when it was, i.e. another node
    /// made the first key or rotated at the same moment, and its key stands. Never replaces a key.</summary>
    public async Task<bool> TryAddAsync(StoredSigningKey key, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await InsertAsync(c, null, key) > 0;
    }

    /// <summary>Adds keys brought from elsewhere (the key files of an older Wharf) into an empty table, all or none;
    /// false, changing nothing, when the table already has a key (another node got there first).</summary>
    public async Task<bool> ImportAsync(IReadOnlyList<StoredSigningKey> keys, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.QuerySingleOrDefaultAsync<long?>("SELECT sequence FROM signing_keys LIMIT 1", transaction: tx) is not null)
        {
            return false;
        }

        // On PostgreSQL two importers can both find the table empty; the second's inserts then conflict with the
        // first's rows, and it rolls back.
        foreach (var key in keys)
        {
            if (await InsertAsync(c, tx, key) == 0)
            {
                return false;
            }
        }

        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Deletes a retired key (its tokens have all expired); never the current one, the highest.</summary>
    public async Task<bool> DeleteAsync(long sequence, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "DELETE FROM signing_keys WHERE sequence = @sequence AND sequence < (SELECT MAX(sequence) FROM signing_keys)", new { sequence }) > 0;
    }

    private static Task<int> InsertAsync(DbConnection c, DbTransaction? tx, StoredSigningKey key) =>
        c.ExecuteAsync(
            """
            INSERT INTO signing_keys (sequence, kid, private_key, created_at) VALUES (@Sequence, @Kid, @PrivateKeyPem, @createdAt)
            ON CONFLICT DO NOTHING
            """,
            new { key.Sequence, key.Kid, key.PrivateKeyPem, createdAt = AuthColumns.Time(key.CreatedAt) }, tx);
}
