namespace Wharf.Registry.Auth;

/// <summary>The throttle's arithmetic, pure: what a failure does to a key's state, and how long a key is blocked.
/// After <see cref="CredentialOptions.MaxFailures"/> failures within the window the key is blocked for
/// <see cref="CredentialOptions.FirstBlock"/>, doubling with each block in a row up to
/// <see cref="CredentialOptions.MaxBlock"/>; a quiet window after a block forgets the escalation.</summary>
public sealed class LoginThrottle(CredentialOptions options)
{
    /// <summary>How long logins for this key are still refused at <paramref name="now"/>; zero when they are not.</summary>
    public static TimeSpan RetryAfter(LoginFailures? state, DateTimeOffset now) =>
        state?.BlockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

    /// <summary>Whether <paramref name="state"/>, just returned by <see cref="AfterFailure"/>, is the start of a block.</summary>
    public static bool BlockStarted(LoginFailures state, DateTimeOffset now) =>
        state.BlockedUntil > now && state.Failures == 0 && state.WindowStartedAt == now;

    /// <summary>The state after one more failure at <paramref name="now"/>. Only called for attempts that were
    /// checked: refusals while blocked do not count, so hammering a blocked account does not prolong its block.</summary>
    public LoginFailures AfterFailure(LoginFailures? state, DateTimeOffset now)
    {
        if (state is null)
        {
            return Count(new LoginFailures(0, now, 0, null), now);
        }

        if (now - state.WindowStartedAt >= options.FailureWindow)
        {
            var quietSinceBlock = state.BlockedUntil is not { } until || now - until >= options.FailureWindow;
            state = new LoginFailures(0, now, quietSinceBlock ? 0 : state.Lockouts, quietSinceBlock ? null : state.BlockedUntil);
        }

        return Count(state, now);
    }

    private LoginFailures Count(LoginFailures state, DateTimeOffset now)
    {
        var failures = state.Failures + 1;
        if (failures < options.MaxFailures)
        {
            return state with { Failures = failures };
        }

        var lockouts = state.Lockouts + 1;
        return new LoginFailures(0, now, lockouts, now + BlockLength(lockouts));
    }

    private TimeSpan BlockLength(int lockouts)
    {
        // Doubling from FirstBlock; past 30 doublings any sane cap has long been reached (and the shift would overflow).
        var doublings = Math.Min(lockouts - 1, 30);
        var ticks = options.FirstBlock.Ticks * (double)(1L << doublings);
        return ticks >= options.MaxBlock.Ticks ? options.MaxBlock : TimeSpan.FromTicks((long)ticks);
    }
}
