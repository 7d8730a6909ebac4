using System.Data.Common;
using Dapper;
using TokenRow = (long Id, string Account, string Kind, string Name, string? Scope, long CreatedAt, long? ExpiresAt, long? LastUsedAt, long? RevokedAt);

namespace Wharf.Registry.Auth;

/// <summary>Issued secrets (personal access tokens, robot secrets, refresh tokens): the token half of
/// <see cref="SqlAccountStore"/>. Only SHA-256 hashes of the secrets are stored (<see cref="SecretTokens"/>).</summary>
public sealed partial class SqlAccountStore
{
    public const int MaxTokenNameLength = 100;

    private const string TokenColumns =
        """
        t.id, a.name, t.kind, t.name, t.scope, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
        FROM access_tokens t JOIN accounts a ON a.id = t.account_id
        """;

    // A token in steady use would otherwise write its row on every login; a minute is precise enough for "last used".
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IssuedSecret> CreateAccessTokenAsync(
        string account, AccessTokenKind kind, string name, TokenScope? scope, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        if (name.Length is 0 or > MaxTokenNameLength || name.Any(char.IsControl) || expiresAt <= time.GetUtcNow())
        {
            return IssuedSecret.Failed(AccountChange.InvalidName);
        }

        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await FindIdAndKindAsync(c, tx, account) is not { } a)
        {
            return IssuedSecret.Failed(AccountChange.NotFound);
        }

        var fits = kind switch
        {
            // Every personal access token is scoped: the user chooses how much a leaked one could do.
            AccessTokenKind.PersonalAccessToken => a.Kind == AccountKind.User && scope is not null,
            AccessTokenKind.RobotSecret => a.Kind == AccountKind.Robot,
            _ => a.Kind != AccountKind.Organisation,
        };
        if (!fits)
        {
            return IssuedSecret.Failed(AccountChange.WrongKind);
        }

        var issued = await InsertTokenAsync(c, tx, a.Id, account, kind, name, scope, expiresAt);
        await tx.CommitAsync(ct);
        return issued;
    }

    public async Task<IReadOnlyList<AccessToken>> ListAccessTokensAsync(string account, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<TokenRow>($"SELECT {TokenColumns} WHERE a.name = @account ORDER BY t.id DESC", new { account });
        return [.. rows.Select(ToAccessToken)];
    }

    public async Task<bool> RevokeAccessTokenAsync(string account, long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            """
            UPDATE access_tokens SET revoked_at = @now
            WHERE id = @id AND revoked_at IS NULL AND account_id = (SELECT id FROM accounts WHERE name = @account)
            """,
            new { account, id, now = Now() }) > 0;
    }

    public async Task<AccessToken?> FindAccessTokenAsync(string secret, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var c = await database.OpenAsync(ct);
        // Looked up by the hash through its unique index: the secret itself is never compared, so there is no
        // comparison whose timing could leak it (and the hash reveals nothing of it).
        var row = await c.QuerySingleOrDefaultAsync<TokenRow?>(
            $"""
            SELECT {TokenColumns}
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now) AND a.disabled_at IS NULL
            """,
            new { hash = SecretTokens.Hash(secret), now = AuthColumns.Time(now) });
        if (row is not { } r)
        {
            return null;
        }

        var token = ToAccessToken(r);
        if (token.LastUsedAt is { } last && now - last < LastUsedResolution)
        {
            return token;
        }

        var usedAt = AuthColumns.Time(now);
        await c.ExecuteAsync("UPDATE access_tokens SET last_used_at = @usedAt WHERE id = @id", new { id = r.Id, usedAt });
        return token with { LastUsedAt = AuthColumns.Time(usedAt) };
    }

    private async Task<IssuedSecret> InsertTokenAsync(
        DbConnection c, DbTransaction tx, long accountId, string account, AccessTokenKind kind, string name, TokenScope? scope, DateTimeOffset? expiresAt)
    {
        var secret = SecretTokens.Generate(kind);
        var now = Now();
        var id = await c.QuerySingleAsync<long>(
            """
            INSERT INTO access_tokens (account_id, kind, name, token_hash, scope, created_at, expires_at)
            VALUES (@accountId, @kind, @name, @hash, @scope, @now, @expiresAt) RETURNING id
            """,
            new
            {
                accountId, kind = AuthColumns.TokenKind(kind), name, hash = SecretTokens.Hash(secret), scope = AuthColumns.Scope(scope), now,
                expiresAt = AuthColumns.Time(expiresAt),
            }, tx);
        // Times as stored (whole milliseconds), so this equals what a later listing returns.
        var token = new AccessToken(id, account, kind, name, scope, AuthColumns.Time(now), AuthColumns.Time(AuthColumns.Time(expiresAt)), null, null);
        return new IssuedSecret(AccountChange.Done, token, secret);
    }

    private static AccessToken ToAccessToken(TokenRow r) =>
        new(r.Id, r.Account, AuthColumns.TokenKind(r.Kind), r.Name, AuthColumns.Scope(r.Scope), AuthColumns.Time(r.CreatedAt),
            AuthColumns.Time(r.ExpiresAt), AuthColumns.Time(r.LastUsedAt), AuthColumns.Time(r.RevokedAt));
}
