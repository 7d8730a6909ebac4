using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Registry.Diagnostics;

namespace Wharf.Registry.Auth;

/// <summary>Checks a user name and secret (what <c>docker login</c> sends): the secret is the account's password, or
/// one of its personal access tokens or its robot secret, whose scope then caps the principal. Wrong user and wrong
/// secret are one answer and cost about the same time. Failed logins are throttled per account name and per client
/// address, in the database so every node counts them (<see cref="LoginThrottle"/>). Also issues and redeems the
/// token endpoint's refresh tokens. Nothing here logs or audits a secret.</summary>
public sealed partial class CredentialValidator(IAccountStore store, TimeProvider time, CredentialOptions options, ILogger<CredentialValidator> logger)
{
    private const string AccountKeyPrefix = "account:";
    private const string AddressKeyPrefix = "address:";
    private const int MaxAddressLength = 100;

    /// <summary>Attempts on one account name run one at a time on this node, so a burst of parallel guesses cannot all
    /// pass the throttle's check before the first failure is counted: at most one per node overshoots. Striped rather
    /// than one lock per name, so names an attacker invents cost no memory; two names sharing a stripe only wait.</summary>
    private readonly SemaphoreSlim[] _accountStripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly LoginThrottle _throttle = new(options);

    private readonly RecentLogins _recent = new(time);

    /// <summary>Validates a login. <paramref name="clientAddress"/> is the caller's IP address as text (empty when
    /// unknown: then only the account is throttled). <paramref name="auditSuccess"/> false leaves a success out of the
    /// audit log (failures are always there): the management API authenticates every call, and a login row per call
    /// would bury the real logins.</summary>
    public Task<LoginResult> ValidateAsync(string username, string secret, string clientAddress, CancellationToken ct) =>
        ValidateAsync(username, secret, clientAddress, auditSuccess: true, ct);

    /// <inheritdoc cref="ValidateAsync(string, string, string, CancellationToken)"/>
    public async Task<LoginResult> ValidateAsync(string username, string secret, string clientAddress, bool auditSuccess, CancellationToken ct)
    {
        var accountKey = AccountName.IsValidAccount(username) ? AccountKeyPrefix + username : null;
        if (accountKey is null)
        {
            return await ValidateOneAsync(username, secret, clientAddress, null, auditSuccess, ct);
        }

        var stripe = _accountStripes[(uint)StringComparer.Ordinal.GetHashCode(accountKey) % (uint)_accountStripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await ValidateOneAsync(username, secret, clientAddress, accountKey, auditSuccess, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<LoginResult> ValidateOneAsync(string username, string secret, string clientAddress, string? accountKey, bool auditSuccess, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var addressKey = AddressKey(clientAddress);
        string[] keys = [.. new[] { accountKey, addressKey }.OfType<string>()];

        // Refused unchecked while blocked, and not counted: hammering a blocked account does not prolong its block.
        var states = await store.FindLoginFailuresAsync(keys, ct);
        var retryAfter = keys.Select(k => LoginThrottle.RetryAfter(states.GetValueOrDefault(k), now)).DefaultIfEmpty().Max();
        if (retryAfter > TimeSpan.Zero)
        {
            LogRefusedWhileBlocked(logger, retryAfter);
            RegistryMetrics.LoginFailure(LoginFailureReasons.Throttled);
            return LoginResult.Throttled(retryAfter);
        }

        var fingerprint = _recent.Fingerprint(username, secret);
        var (principal, how) = await AuthenticateAsync(username, secret, fingerprint, ct);
        if (principal is null)
        {
            // The same wrong secret again at once (containerd tries the OAuth2 POST, then the GET) is one guess, not two.
            var counted = _recent.RepeatsFailure(fingerprint) ? [] : keys;
            foreach (var key in counted)
            {
                var state = await store.UpdateLoginFailuresAsync(key, s => _throttle.AfterFailure(s, now), ct);
                if (LoginThrottle.BlockStarted(state, now))
                {
                    // Once per block, not per refused attempt: an attack must not flood the audit log.
                    var block = LoginThrottle.RetryAfter(state, now);
                    LogBlocked(logger, key, block);
                    await store.AppendAuditAsync("", AuditActions.LoginThrottled, key, $"blocked for {block}", clientAddress, ct);
                }
            }

            await store.AppendAuditAsync("", AuditActions.LoginFailed, accountKey is null ? "" : username, null, clientAddress, ct);
            RegistryMetrics.LoginFailure(await FailureReasonAsync(username, accountKey, ct));
            return LoginResult.Invalid;
        }

        // Only the address's counter: the account's is what stops guesses spread over many addresses, and a success
        // from one address says nothing about the others.
        // Only when there is one: a client that logs in for every token (docker, containerd with a pull secret) must
        // not cost a database write per request.
        if (addressKey is not null && states.ContainsKey(addressKey))
        {
            await store.ResetLoginFailuresAsync(addressKey, ct);
        }

        if (auditSuccess)
        {
            await store.AppendAuditAsync(username, AuditActions.Login, username, how, clientAddress, ct);
        }

        return LoginResult.Success(principal, how!);
    }

    /// <summary>Why a login failed, for the operator's metric only: the caller gets one answer either way. A failure
    /// already costs several writes, so one more read keeps failures about as costly as they were.</summary>
    private async Task<string> FailureReasonAsync(string username, string? accountKey, CancellationToken ct) =>
        accountKey is not null && await store.FindAccountAsync(username, ct) is { IsDisabled: true }
            ? LoginFailureReasons.Disabled
            : LoginFailureReasons.BadCredentials;

    /// <summary>Issues a refresh token for <paramref name="principal"/> (a user or robot), carrying its token cap, valid
    /// for <see cref="CredentialOptions.RefreshTokenLifetime"/>. Null when the account is gone.</summary>
    public async Task<string?> CreateRefreshTokenAsync(Principal principal, CancellationToken ct)
    {
        var issued = await store.CreateAccessTokenAsync(
            principal.Name, AccessTokenKind.RefreshToken, "refresh token", principal.TokenScope, time.GetUtcNow() + options.RefreshTokenLifetime, ct);
        return issued.IsDone ? issued.Secret : null;
    }

    /// <summary>The principal a refresh token was issued to, as its account is now; null when the token is unknown,
    /// revoked, expired, not a refresh token, or its account is gone or disabled.</summary>
    public async Task<Principal?> RedeemRefreshTokenAsync(string refreshToken, CancellationToken ct)
    {
        if (SecretTokens.KindOf(refreshToken) != AccessTokenKind.RefreshToken
            || await store.FindAccessTokenAsync(refreshToken, ct) is not { Kind: AccessTokenKind.RefreshToken } token)
        {
            return null;
        }

        return await store.FindPrincipalAsync(token.Account, token.Scope, ct);
    }

    /// <summary>The principal and how it logged in (for the audit log), or null.</summary>
    private async Task<(Principal? Principal, string? How)> AuthenticateAsync(string username, string secret, string fingerprint, CancellationToken ct)
    {
        // Only token-shaped secrets are looked up as tokens; a token is a fast hash lookup, a password a slow hash,
        // and a token-shaped secret that is no token of this account still goes through the password check below,
        // so every failure costs the same.
        if (SecretTokens.KindOf(secret) is AccessTokenKind.PersonalAccessToken or AccessTokenKind.RobotSecret
            && await store.FindAccessTokenAsync(secret, ct) is { } token
            && token.Account == username
            && token.Kind != AccessTokenKind.RefreshToken)
        {
            var how = token.Kind == AccessTokenKind.RobotSecret ? "robot secret" : $"personal access token {token.Id}";
            return (await store.FindPrincipalAsync(username, token.Scope, ct), how);
        }

        // A password this node verified against the very hash still stored is not hashed again (RecentLogins).
        var hash = await store.FindPasswordHashAsync(username, ct);
        if (!_recent.WasVerified(fingerprint, hash))
        {
            if (!PasswordHasher.Verify(secret, hash))
            {
                return (null, null);
            }

            _recent.RememberVerified(fingerprint, hash!);
        }

        return (await store.FindPrincipalAsync(username, null, ct), "password");
    }

    /// <summary>The throttle key of a client address. IPv6 clients are counted per /64, the block one subscriber
    /// usually has, or else every address of it would get its own allowance.</summary>
    private static string? AddressKey(string clientAddress)
    {
        if (!IPAddress.TryParse(clientAddress, out var ip))
        {
            return clientAddress.Length == 0 ? null : AddressKeyPrefix + clientAddress[..Math.Min(clientAddress.Length, MaxAddressLength)];
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressKeyPrefix + ip;
        }

        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{AddressKeyPrefix}{new IPAddress(bytes)}/64";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Logins for {ThrottleKey} are blocked for {Block} after repeated failures")]
    private static partial void LogBlocked(ILogger logger, string throttleKey, TimeSpan block);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Login refused unchecked: blocked for {RetryAfter} more")]
    private static partial void LogRefusedWhileBlocked(ILogger logger, TimeSpan retryAfter);
}
