using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>Go's <c>time.ParseDuration</c> syntax, which HEALTHCHECK's flags use: <c>30s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>250ms</c>, <c>0</c>.</summary>
public static partial class GoDuration
{
    public static TimeSpan? Parse(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var body = text.StartsWith('+') ? text[1..] : text;
        var matches = PartPattern().Matches(body);
        if (body.Length == 0 || matches.Sum(m => m.Length) != body.Length || text.StartsWith('-'))
        {
            return null;
        }

        var ticks = 0.0;
        foreach (Match part in matches)
        {
            var number = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * part.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex PartPattern();
}
