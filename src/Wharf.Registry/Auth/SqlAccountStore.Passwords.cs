using Dapper;

namespace Wharf.Registry.Auth;

/// <summary>Passwords: imported hashes, setting and verifying (<see cref="PasswordHasher"/>). A part of
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

    public async Task<AccountChange> SetPasswordAsync(string name, string password, CancellationToken ct)
    {
        if (password.Length == 0)
        {
            return AccountChange.InvalidPassword;
        }

        var hash = PasswordHasher.Hash(password);
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync("UPDATE accounts SET password_hash = @hash WHERE name = @name AND kind = 'user'", new { name, hash }, tx) == 0)
        {
            return await FindIdAndKindAsync(c, tx, name) is null ? AccountChange.NotFound : AccountChange.WrongKind;
        }

        // A new password ends the sessions the old one started (docker login keeps a refresh token); personal
        // access tokens are separate credentials and stay.
        await c.ExecuteAsync(
            "UPDATE access_tokens SET revoked_at = @now WHERE kind = 'refresh' AND revoked_at IS NULL AND account_id = (SELECT id FROM accounts WHERE name = @name)",
            new { name, now = Now() }, tx);
        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }

    public async Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken ct)
    {
        // The connection goes back to the pool before the ~100 ms of hashing.
        string? hash;
        await using (var c = await database.OpenAsync(ct))
        {
            hash = await c.QuerySingleOrDefaultAsync<string?>(
                "SELECT password_hash FROM accounts WHERE name = @name AND kind = 'user' AND disabled_at IS NULL", new { name });
        }

        // Verified even without a hash (against a decoy), so an unknown user takes as long as a wrong password.
        return PasswordHasher.Verify(password, hash);
    }
}
