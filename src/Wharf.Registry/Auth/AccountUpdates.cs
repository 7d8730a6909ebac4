namespace Wharf.Registry.Auth;

/// <summary>Shorthands over <see cref="IAccountStore"/>: one-field <see cref="IAccountStore.UpdateAccountAsync"/> calls,
/// and a password check.</summary>
public static class AccountUpdates
{
    /// <summary>True when <paramref name="name"/> is an enabled user whose password is <paramref name="password"/>. Takes
    /// about as long for an unknown name as for a wrong password (<see cref="PasswordHasher.Verify"/> hashes a decoy).</summary>
    public static async Task<bool> VerifyPasswordAsync(this IAccountStore store, string name, string password, CancellationToken ct) =>
        PasswordHasher.Verify(password, await store.FindPasswordHashAsync(name, ct));

    /// <summary>Sets a user's password (Argon2id) and revokes the refresh tokens the old one obtained (personal access
    /// tokens stay). WrongKind for organisations and robots; InvalidPassword for "".</summary>
    public static Task<AccountChange> SetPasswordAsync(this IAccountStore store, string name, string password, CancellationToken ct) =>
        store.UpdateAccountAsync(name, new AccountUpdate(Password: password), ct);

    /// <summary>Makes a user a server administrator or not. WrongKind for organisations and robots.</summary>
    public static Task<AccountChange> SetAdminAsync(this IAccountStore store, string name, bool isAdmin, CancellationToken ct) =>
        store.UpdateAccountAsync(name, new AccountUpdate(IsAdmin: isAdmin), ct);

    /// <summary>Disables (no login, no principal, no token works) or re-enables an account. Idempotent.</summary>
    public static Task<AccountChange> SetDisabledAsync(this IAccountStore store, string name, bool disabled, CancellationToken ct) =>
        store.UpdateAccountAsync(name, new AccountUpdate(Disabled: disabled), ct);
}
