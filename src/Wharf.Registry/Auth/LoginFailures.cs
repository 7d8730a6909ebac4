namespace Wharf.Registry.Auth;

/// <summary>The login throttle's state for one key (an account name or a client address).</summary>
/// <param name="Failures">Failed logins in the window that started at <paramref name="WindowStartedAt"/>.</param>
/// <param name="Lockouts">Consecutive blocks so far; each doubles the next block's length, up to the cap.</param>
/// <param name="BlockedUntil">Logins are refused without being checked until then.</param>
public sealed record LoginFailures(int Failures, DateTimeOffset WindowStartedAt, int Lockouts, DateTimeOffset? BlockedUntil);
