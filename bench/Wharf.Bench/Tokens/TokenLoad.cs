using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wharf.Bench.Tokens;

/// <summary>
/// <see cref="BenchSettings.TokenClients"/> concurrent clients sending one kind of token request again and again, with
/// the same credentials, for <see cref="BenchSettings.TokenSeconds"/> after a one-second warm-up (in which the first
/// password is hashed and remembered). Each answer is checked: a kind that must succeed needs 200 with an access token
/// in the body; the wrong password needs a refusal, 401 or 429.
/// </summary>
internal static class TokenLoad
{
    private const long MaxRequests = 5_000_000;

    public static async Task<TokenResult> RunAsync(HttpClient http, BenchTarget target, TokenAccounts accounts, TokenKind kind,
        BenchSettings settings, CancellationToken ct)
    {
        await LoopAsync(http, accounts, kind, settings.TokenClients, Math.Min(1.0, settings.TokenSeconds / 5), new ConcurrentDictionary<string, int>(), ct);

        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var profile = await OperationProfile.ReadAsync(http, target.MetricsUrls, ct);
        var cpuBefore = ProcessCpu.Read(target.Pids);
        var (latencies, elapsed) = await LoopAsync(http, accounts, kind, settings.TokenClients, settings.TokenSeconds, statuses, ct);
        var cpu = ProcessCpu.Read(target.Pids) - cpuBefore;
        var after = await OperationProfile.ReadAsync(http, target.MetricsUrls, ct);

        var answered = statuses.Values.Sum();
        var summary = string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} ×{s.Value}"));
        if (latencies.Length == 0)
        {
            return TokenResult.Failed(target.Name, kind, $"no answer as expected: {summary}");
        }
        Array.Sort(latencies);
        var ms = Stopwatch.Frequency / 1000.0;
        return new TokenResult(target.Name, kind, latencies.Length / elapsed.TotalSeconds,
            Percentile(latencies, 0.50) / ms, Percentile(latencies, 0.99) / ms,
            cpu is TimeSpan used ? used.TotalMicroseconds / latencies.Length : null,
            summary, answered - latencies.Length, OperationProfile.PerRequest(profile, after, latencies.Length));
    }

    /// <summary>Runs the clients until <paramref name="seconds"/> pass; returns the latencies (ticks) of the answers as
    /// expected, and counts every answer by status in <paramref name="statuses"/>.</summary>
    private static async Task<(long[] Latencies, TimeSpan Elapsed)> LoopAsync(HttpClient http, TokenAccounts accounts, TokenKind kind, int clients,
        double seconds, ConcurrentDictionary<string, int> statuses, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long issued = 0;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= MaxRequests && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                string status;
                var expected = false;
                try
                {
                    using var timeout = RegistryOps.Timeout(ct);
                    using var request = kind.Request(accounts);
                    using var response = await http.SendAsync(request, timeout.Token);
                    var code = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync(timeout.Token);
                    status = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    expected = kind.Refused
                        ? code is 401 or 429
                        : code == 200 && body.Contains("\"access_token\":\"", StringComparison.Ordinal);
                    if (code == 200 && !expected)
                    {
                        status = "200 without a token";
                    }
                }
                catch (Exception error) when (!ct.IsCancellationRequested)
                {
                    status = ErrorTally.Describe(error).Kind;
                }
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (expected)
                {
                    latencies.Add(Stopwatch.GetTimestamp() - start);
                }
            }
            return latencies;
        }, CancellationToken.None)));
        var elapsed = watch.Elapsed;
        ct.ThrowIfCancellationRequested();
        return ([.. perClient.SelectMany(l => l)], elapsed);
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
