namespace Wharf.Registry.Auth;

/// <summary>An issued token as listed: everything but the secret, which is never stored.</summary>
/// <param name="Id">The handle to revoke it by.</param>
/// <param name="Scope">The cap on its owner's rights; null for uncapped (a robot secret, a refresh token from a password login).</param>
public sealed record AccessToken(
    long Id,
    string Account,
    AccessTokenKind Kind,
    string Name,
    TokenScope? Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Not revoked and not expired at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
