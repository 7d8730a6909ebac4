using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Auth;

/// <summary>The web UI's data protection key ring in the database (migration 019): XML elements by name, as ASP.NET
/// Core's key manager writes them. Kept as written, like the token signing keys: whoever reads the database can read
/// them (decision 026).</summary>
public sealed class SqlDataProtectionKeyStore(SqlDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return [.. await c.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name")];
    }

    /// <summary>Adds an element; one of that name already there (a retry) is kept as it is.</summary>
    public async Task AddAsync(string name, string xml, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name, xml, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}
