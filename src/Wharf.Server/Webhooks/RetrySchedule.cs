namespace Wharf.Server.Webhooks;

/// <summary>When a failed POST is tried again: exponential back-off from the first delay, doubling per attempt up to the
/// longest, each wait drawn between half and all of that ("equal jitter"), so the deliveries that failed together while a
/// receiver was down do not all come back at the same moment.</summary>
public static class RetrySchedule
{
    /// <param name="attempt">The attempt that just failed, 1 for the first.</param>
    /// <param name="draw">A number in [0, 1): the jitter (<see cref="Random.NextDouble"/>).</param>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan longest, double draw)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var full = TimeSpan.FromTicks((long)Math.Min(longest.Ticks, first.Ticks * Math.Pow(2, exponent)));
        return full / 2 + full / 2 * draw;
    }
}
