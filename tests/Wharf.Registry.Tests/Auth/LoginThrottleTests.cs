using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly LoginThrottle _throttle = new(new CredentialOptions());

    [Fact]
    public void Five_failures_in_the_window_block_for_a_minute()
    {
        LoginFailures? state = null;
        for (var i = 0; i < 4; i++)
        {
            state = _throttle.AfterFailure(state, Start.AddSeconds(i));
            Assert.Equal(TimeSpan.Zero, LoginThrottle.RetryAfter(state, Start.AddSeconds(i)));
        }

        state = _throttle.AfterFailure(state, Start.AddSeconds(4));

        Assert.Equal(new LoginFailures(0, Start.AddSeconds(4), 1, Start.AddSeconds(64)), state);
        Assert.True(LoginThrottle.BlockStarted(state, Start.AddSeconds(4)));
        Assert.Equal(TimeSpan.FromSeconds(30), LoginThrottle.RetryAfter(state, Start.AddSeconds(34)));
        Assert.Equal(TimeSpan.Zero, LoginThrottle.RetryAfter(state, Start.AddSeconds(64)));
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_never_block()
    {
        LoginFailures? state = null;
        for (var i = 0; i < 20; i++)
        {
            state = _throttle.AfterFailure(state, Start.AddMinutes(4 * i));
            Assert.Equal(TimeSpan.Zero, LoginThrottle.RetryAfter(state, Start.AddMinutes(4 * i)));
        }
    }

    [Fact]
    public void Blocks_in_a_row_double_up_to_fifteen_minutes_and_a_quiet_window_forgets_them()
    {
        LoginFailures? state = null;
        var now = Start;
        var blocks = new List<TimeSpan>();
        for (var block = 0; block < 7; block++)
        {
            for (var i = 0; i < 5; i++)
            {
                state = _throttle.AfterFailure(state, now);
            }

            blocks.Add(LoginThrottle.RetryAfter(state, now));
            now = state!.BlockedUntil!.Value;
        }

        Assert.Equal([1, 2, 4, 8, 15, 15, 15], blocks.Select(b => b.TotalMinutes));

        now += TimeSpan.FromMinutes(15);
        for (var i = 0; i < 5; i++)
        {
            state = _throttle.AfterFailure(state, now);
        }

        Assert.Equal(TimeSpan.FromMinutes(1), LoginThrottle.RetryAfter(state, now));
    }

    [Fact]
    public void No_state_is_no_block()
    {
        Assert.Equal(TimeSpan.Zero, LoginThrottle.RetryAfter(null, Start));
    }
}
