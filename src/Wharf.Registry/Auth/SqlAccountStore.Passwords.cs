using Dapper;

namespace Wharf.Registry.Auth;

/// <summary>Passwords: imported hashes and reading them for a check (setting is <c>UpdateAccountAsync</c>) (<see cref="PasswordHasher"/>). A part of
/// <see cref="SqlAccountStore"/>.</summary>
public sealed partial class SqlAccountStore
{
    public async Task<AccountChange> ImportUserAsync(string name, string passwordHash, CancellationToken ct)
    {
        if (!AccountName.IsValid(name) || !PasswordHasher.IsSupported(passwordHash))
        {
            return AccountChange.InvalidName;
        }

        await using var c = await database.OpenAsync(ct);
        return await InsertAccountAsync(c, null, name, AccountKind.User, passwordHash, null) is null ? AccountChange.NameTaken : AccountChange.Done;
    }

    public async Task<string?> FindPasswordHashAsync(string name, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string?>(
            "SELECT password_hash FROM accounts WHERE name = @name AND kind = 'user' AND disabled_at IS NULL", new { name });
    }
}
