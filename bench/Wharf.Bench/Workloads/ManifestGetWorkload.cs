using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>Workload 5: manifest GETs by tag from many concurrent clients for a fixed time, with latency percentiles.</summary>
internal static class ManifestGetWorkload
{
    public const string Rate = "manifest-get-rps";
    public const string P50 = "manifest-get-p50";
    public const string P99 = "manifest-get-p99";

    /// <summary>The server's CPU time (all threads, user + system) per successful GET, in µs; only when its pid is known.
    /// Less sensitive than req/s to other load on the machine. Not a row of the main report.</summary>
    public const string CpuPerRequest = "manifest-get-cpu";

    private const long MaxRequests = 20_000_000;

    public static async Task RunAsync(WorkloadContext c)
    {
        var warmupSeconds = Math.Min(1.0, c.Settings.GetSeconds / 5);
        await LoopAsync(c, warmupSeconds, new ErrorTally());

        var profile = await OperationProfile.ReadAsync(c.Target.Http, c.Target.MetricsUrls, c.Ct);
        var cpuBefore = ProcessCpu.Read(c.Target.Pids);
        var (latencies, elapsed) = await LoopAsync(c, c.Settings.GetSeconds, c.Errors);
        var cpu = ProcessCpu.Read(c.Target.Pids) - cpuBefore;
        if (profile is not null)
        {
            var after = await OperationProfile.ReadAsync(c.Target.Http, c.Target.MetricsUrls, c.Ct);
            c.Log($"server operations per GET: {OperationProfile.PerRequest(profile, after, latencies.Length)}");
        }
        if (latencies.Length == 0)
        {
            var reason = $"no successful GET: {c.Errors.Summary()}";
            foreach (var key in new[] { Rate, P50, P99 })
            {
                c.Record(key, Measurement.Failed(reason, c.Errors.Total));
            }
            return;
        }
        Array.Sort(latencies);
        var ms = (double)Stopwatch.Frequency / 1000;
        var detail = $"{latencies.Length} OK in {elapsed.TotalSeconds:F1} s, {c.Settings.GetClients} clients";
        c.Record(Rate, new Measurement(latencies.Length / elapsed.TotalSeconds, Errors: c.Errors.Total, Detail: detail));
        c.Record(P50, new Measurement(Percentile(latencies, 0.50) / ms, Errors: c.Errors.Total));
        c.Record(P99, new Measurement(Percentile(latencies, 0.99) / ms, Errors: c.Errors.Total));
        if (cpu is TimeSpan used)
        {
            c.Record(CpuPerRequest, new Measurement(used.TotalMicroseconds / latencies.Length, Errors: c.Errors.Total,
                Detail: $"{used.TotalSeconds:F2} s of server CPU in {elapsed.TotalSeconds:F1} s ({100 * (used / elapsed):F0}% of one core)"));
        }
    }

    /// <summary>Runs the GET loop on every client until <paramref name="seconds"/> pass; returns the OK latencies in ticks.</summary>
    private static async Task<(long[] Latencies, TimeSpan Elapsed)> LoopAsync(WorkloadContext c, double seconds, ErrorTally errors)
    {
        var images = c.Data.SmallImages;
        var watch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long issued = 0;
        var perClient = await Task.WhenAll(Enumerable.Range(0, c.Settings.GetClients).Select(client => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            var i = client;
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= MaxRequests && !c.Ct.IsCancellationRequested)
            {
                var index = i++ % images.Length;
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var length = await c.Target.GetManifestAsync(SmallImageWorkload.Repo, SmallImageWorkload.TagOf(index), c.Ct);
                    if (length != images[index].Manifest.Length)
                    {
                        errors.Add($"GET manifest → 200 with {length} bytes, expected {images[index].Manifest.Length}");
                        continue;
                    }
                    latencies.Add(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception error) when (!c.Ct.IsCancellationRequested)
                {
                    errors.Add(error);
                }
            }
            return latencies;
        }, CancellationToken.None)));
        var elapsed = watch.Elapsed;
        c.Ct.ThrowIfCancellationRequested();
        return ([.. perClient.SelectMany(l => l)], elapsed);
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
