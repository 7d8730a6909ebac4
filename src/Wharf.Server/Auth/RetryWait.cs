namespace Wharf.Server.Auth;

/// <summary>A wait as people read it ("45 s", "2 min", "1 min 30 s"), rounded up to whole seconds so that waiting
/// exactly this long is enough: how a paused login says when to try again, to docker and on the sign-in page.</summary>
internal static class RetryWait
{
    public static string Describe(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return (seconds / 60, seconds % 60) switch
        {
            (0, var s) => $"{s} s",
            (var m, 0) => $"{m} min",
            var (m, s) => $"{m} min {s} s",
        };
    }
}
