using Wharf.Server.Webhooks;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>When a failed delivery is tried again: doubling from the first delay up to the longest, each wait drawn between
/// half and all of it.</summary>
public sealed class RetryScheduleTests
{
    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 0.999, 9.995)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.5, 30)]
    [InlineData(7, 1.0, 640)]
    [InlineData(10, 1.0, 3600)]
    [InlineData(40, 0.0, 1800)]
    public void Waits_double_up_to_the_longest_with_half_of_each_drawn(int attempt, double draw, double seconds)
    {
        var delay = RetrySchedule.Delay(attempt, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), draw);

        Assert.Equal(seconds, delay.TotalSeconds, precision: 3);
    }
}
