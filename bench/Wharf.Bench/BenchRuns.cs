using System.Globalization;

namespace Wharf.Bench;

/// <summary>What the single-target runs (<c>--triggers</c>, <c>--ui</c>) share: their HTTP client, their BENCH_* numbers
/// and their percentiles.</summary>
internal static class BenchRuns
{
    /// <summary>A client for many concurrent requests to one server: no proxy, no cookies (each request carries its own
    /// credentials).</summary>
    public static HttpClient Client(Uri baseUri) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false, UseCookies = false })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(5),
        };

    /// <summary>A positive whole number from the environment, else <paramref name="fallback"/>.</summary>
    public static int Number(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// <summary>The nearest-rank percentile; NaN for no values.</summary>
    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
