using Dapper;

namespace Wharf.Registry.Auth;

/// <summary>Changing an account's password, admin flag and disabled flag: all the requested changes in one
/// transaction, so a request is applied whole or not at all, and two at once never leave a mix of both. A part of
/// <see cref="SqlAccountStore"/>.</summary>
public sealed partial class SqlAccountStore
{
    public async Task<AccountChange> UpdateAccountAsync(string name, AccountUpdate update, CancellationToken ct)
    {
        if (update.Password is { Length: 0 })
        {
            return AccountChange.InvalidPassword;
        }

        // Hashed before the transaction: ~100 ms of Argon2 must not hold the database's write lock.
        var hash = update.Password is null ? null : PasswordHasher.Hash(update.Password);
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var account = await FindIdAndKindAsync(c, tx, name);
        if (account is not { } found)
        {
            return AccountChange.NotFound;
        }

        if (found.Kind != AccountKind.User && update.ChangesUserOnlyFields)
        {
            return AccountChange.WrongKind;
        }

        var now = Now();
        if (hash is not null)
        {
            await c.ExecuteAsync("UPDATE accounts SET password_hash = @hash WHERE id = @id", new { id = found.Id, hash }, tx);
            // A new password ends the sessions the old one started (refresh tokens); personal access tokens are
            // separate credentials and stay.
            await c.ExecuteAsync(
                "UPDATE access_tokens SET revoked_at = @now WHERE kind = 'refresh' AND revoked_at IS NULL AND account_id = @id",
                new { id = found.Id, now }, tx);
        }

        if (update.IsAdmin is { } isAdmin)
        {
            await c.ExecuteAsync("UPDATE accounts SET is_admin = @flag WHERE id = @id", new { id = found.Id, flag = isAdmin ? 1 : 0 }, tx);
        }

        if (update.Disabled is { } disabled)
        {
            await c.ExecuteAsync(
                "UPDATE accounts SET disabled_at = CASE WHEN @flag = 1 THEN COALESCE(disabled_at, @now) ELSE NULL END WHERE id = @id",
                new { id = found.Id, flag = disabled ? 1 : 0, now }, tx);
        }

        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }
}
