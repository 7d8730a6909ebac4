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

    /// <summary>Checks of a password on one account name run one at a time on this node, so a burst of parallel guesses
    /// cannot all pass the throttle's check before the first failure is counted: at most one per node overshoots. Striped
    /// rather than one lock per name, so names an attacker invents cost no memory; two names sharing a stripe only wait.
    /// Credentials known to be right skip this queue (<see cref="AuthenticateKnownAsync"/>).</summary>
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
        var addressKey = AddressKey(clientAddress);
        var attempt = new Attempt(username, secret, _recent.Fingerprint(username, secret), clientAddress, accountKey, addressKey,
            [.. new[] { accountKey, addressKey }.OfType<string>()], auditSuccess);

        // Credentials known to be right are no guess, so they need not queue: the many clients of one account (a CI
        // fleet's pull secret, containerd sending Basic credentials for every pull) are not served one at a time. They
        // still wait out a block like any other login.
        var states = await store.FindLoginFailuresAsync(attempt.Keys, ct);
        if (Blocked(attempt, states) is { } refused)
        {
            return refused;
        }

        if (await AuthenticateKnownAsync(attempt, ct) is var (principal, how))
        {
            return await SucceededAsync(attempt, states, principal, how, ct);
        }

        if (accountKey is null)
        {
            return await CheckAsync(attempt, ct);
        }

        var stripe = _accountStripes[(uint)StringComparer.Ordinal.GetHashCode(accountKey) % (uint)_accountStripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await CheckAsync(attempt, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>One login attempt as every step of <see cref="ValidateAsync(string, string, string, bool, CancellationToken)"/> sees it.</summary>
    private sealed record Attempt(string Username, string Secret, string Fingerprint, string ClientAddress, string? AccountKey,
        string? AddressKey, string[] Keys, bool AuditSuccess);

    /// <summary>The check of credentials not known to be right: the password's hash, the throttle's counting.</summary>
    private async Task<LoginResult> CheckAsync(Attempt attempt, CancellationToken ct)
    {
        // The throttle is read again here, in the account's queue: a guess just before this one may have been counted.
        var states = await store.FindLoginFailuresAsync(attempt.Keys, ct);
        if (Blocked(attempt, states) is { } refused)
        {
            return refused;
        }

        var (principal, how) = await VerifyPasswordAsync(attempt, ct);
        if (principal is not null)
        {
            return await SucceededAsync(attempt, states, principal, how!, ct);
        }

        // The same wrong secret again at once (containerd tries the OAuth2 POST, then the GET) is one guess, not two.
        var now = time.GetUtcNow();
        var counted = _recent.RepeatsFailure(attempt.Fingerprint) ? [] : attempt.Keys;
        foreach (var key in counted)
        {
            var state = await store.UpdateLoginFailuresAsync(key, s => _throttle.AfterFailure(s, now), ct);
            if (LoginThrottle.BlockStarted(state, now))
            {
                // Once per block, not per refused attempt: an attack must not flood the audit log.
                var block = LoginThrottle.RetryAfter(state, now);
                LogBlocked(logger, key, block);
                await store.AppendAuditAsync("", AuditActions.LoginThrottled, key, $"blocked for {block}", attempt.ClientAddress, ct);
            }
        }

        await store.AppendAuditAsync("", AuditActions.LoginFailed, attempt.AccountKey is null ? "" : attempt.Username, null, attempt.ClientAddress, ct);
        RegistryMetrics.LoginFailure(await FailureReasonAsync(attempt.Username, attempt.AccountKey, ct));
        return LoginResult.Invalid;
    }

    /// <summary>Refused unchecked while blocked, and not counted: hammering a blocked account does not prolong its block.</summary>
    private LoginResult? Blocked(Attempt attempt, IReadOnlyDictionary<string, LoginFailures> states)
    {
        var now = time.GetUtcNow();
        var retryAfter = attempt.Keys.Select(k => LoginThrottle.RetryAfter(states.GetValueOrDefault(k), now)).DefaultIfEmpty().Max();
        if (retryAfter <= TimeSpan.Zero)
        {
            return null;
        }

        LogRefusedWhileBlocked(logger, retryAfter);
        RegistryMetrics.LoginFailure(LoginFailureReasons.Throttled);
        return LoginResult.Throttled(retryAfter);
    }

    private async Task<LoginResult> SucceededAsync(Attempt attempt, IReadOnlyDictionary<string, LoginFailures> states, Principal principal, string how, CancellationToken ct)
    {
        // Only the address's counter: the account's is what stops guesses spread over many addresses, and a success
        // from one address says nothing about the others.
        // Only when there is one: a client that logs in for every token (docker, containerd with a pull secret) must
        // not cost a database write per request.
        if (attempt.AddressKey is { } addressKey && states.ContainsKey(addressKey))
        {
            await store.ResetLoginFailuresAsync(addressKey, ct);
        }

        if (attempt.AuditSuccess)
        {
            await store.AppendAuditAsync(attempt.Username, AuditActions.Login, attempt.Username, how, attempt.ClientAddress, ct);
        }

        return LoginResult.Success(principal, how);
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

    /// <summary>The principal of credentials known to be right without hashing a password, and how it logged in (for the
    /// audit log): a personal access token or robot secret of this account (a fast hash lookup, and a random secret
    /// nobody guesses), or a password this node verified against the hash still stored (RecentLogins). Null otherwise,
    /// also for a right token of an account now disabled: that goes on to the password check and fails as a guess
    /// would, so every failure costs the same.</summary>
    private async Task<(Principal Principal, string How)?> AuthenticateKnownAsync(Attempt attempt, CancellationToken ct)
    {
        if (SecretTokens.KindOf(attempt.Secret) is AccessTokenKind.PersonalAccessToken or AccessTokenKind.RobotSecret
            && await store.FindAccessTokenAsync(attempt.Secret, ct) is { } token
            && token.Account == attempt.Username
            && token.Kind != AccessTokenKind.RefreshToken)
        {
            var how = token.Kind == AccessTokenKind.RobotSecret ? "robot secret" : $"personal access token {token.Id}";
            return await store.FindPrincipalAsync(attempt.Username, token.Scope, ct) is { } principal ? (principal, how) : null;
        }

        if (_recent.Remembers(attempt.Fingerprint)
            && _recent.WasVerified(attempt.Fingerprint, await store.FindPasswordHashAsync(attempt.Username, ct))
            && await store.FindPrincipalAsync(attempt.Username, null, ct) is { } user)
        {
            return (user, "password");
        }

        return null;
    }

    /// <summary>The principal if the secret is the account's password, checked against its Argon2 hash (unless this node
    /// verified it meanwhile: clients that all arrive with the same password at once are hashed for once).</summary>
    private async Task<(Principal? Principal, string? How)> VerifyPasswordAsync(Attempt attempt, CancellationToken ct)
    {
        var hash = await store.FindPasswordHashAsync(attempt.Username, ct);
        if (!_recent.WasVerified(attempt.Fingerprint, hash))
        {
            if (!PasswordHasher.Verify(attempt.Secret, hash))
            {
                return (null, null);
            }

            _recent.RememberVerified(attempt.Fingerprint, hash!);
        }

        return (await store.FindPrincipalAsync(attempt.Username, null, ct), "password");
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
