using System.Diagnostics;
using System.Security.Cryptography;

namespace Wharf.Bench.Workloads;

/// <summary>Workloads 1–3 and 8: large blob push (monolithic, chunked), pull, and the huge push with peak RSS.</summary>
internal static class LargeBlobWorkloads
{
    public const string PushMonolithic = "push-mono";
    public const string PushChunked = "push-chunked";
    public const string Pull = "pull";
    public const string HugePush = "huge-push";
    public const string RssLarge = "rss-large";
    public const string RssHuge = "rss-huge";
    public const string RssOverall = "rss-overall";

    private const string Repo = "bench/large";

    /// <summary>The large push, with its peak RSS: beside the huge push's, it shows whether memory grows with the blob.</summary>
    public static Task PushMonolithicAsync(WorkloadContext c) => PeakMemory.MeasureAsync(c, RssLarge, async () =>
    {
        var source = c.Data.Monolithic;
        var watch = Stopwatch.StartNew();
        await c.Target.UploadMonolithicAsync(Repo, source, c.Ct);
        c.RecordThroughput(PushMonolithic, source.Length, watch.Elapsed);
    });

    public static async Task PushChunkedAsync(WorkloadContext c)
    {
        var source = c.Data.Chunked;
        var chunk = (long)c.Settings.ChunkMiB << 20;
        var watch = Stopwatch.StartNew();
        await c.Target.UploadChunkedAsync(Repo, source, chunk, c.Ct);
        var chunks = (source.Length + chunk - 1) / chunk;
        c.RecordThroughput(PushChunked, source.Length, watch.Elapsed, $"{chunks} PATCHes in {watch.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>One pull verified by SHA-256 (untimed), then the timed pulls without hashing; the median counts.</summary>
    public static async Task PullAsync(WorkloadContext c)
    {
        var source = c.Data.Monolithic;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var read = await c.Target.PullBlobAsync(Repo, source.Digest, hash, c.Ct);
            var digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (read != source.Length || digest != source.Digest)
            {
                throw new HttpFailure("GET blob", 200, "wrong content", $"{read} bytes with {digest}, expected {source.Length} bytes with {source.Digest}");
            }
        }
        var rates = new List<double>();
        for (var rep = 0; rep < c.Settings.PullReps; rep++)
        {
            var watch = Stopwatch.StartNew();
            var read = await c.Target.PullBlobAsync(Repo, source.Digest, null, c.Ct);
            if (read != source.Length)
            {
                throw new HttpFailure("GET blob", 200, "short body", $"{read} of {source.Length} bytes");
            }
            rates.Add(read / 1048576.0 / watch.Elapsed.TotalSeconds);
        }
        rates.Sort();
        c.Record(Pull, new Measurement(rates[rates.Count / 2],
            Detail: $"verified by SHA-256 once; timed pulls {string.Join(", ", rates.Select(r => r.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} MiB/s"));
    }

    /// <summary>
    /// Pushes the huge blob with its peak RSS measured (<see cref="PeakMemory"/>), then reports the peak over the whole run.
    /// </summary>
    public static async Task HugePushAsync(WorkloadContext c)
    {
        try
        {
            await PeakMemory.MeasureAsync(c, RssHuge, () => TimedHugePushAsync(c, c.Data.Huge));
        }
        finally
        {
            c.Record(RssOverall, c.Target.Pids.Count == 0
                ? Measurement.Failed("server pid unknown")
                : new Measurement(Math.Max(c.Target.PeakKiB, PeakMemory.HighWaterKiB(c.Target.Pids)) / 1024.0,
                    Detail: "highest VmHWM of any node, read before every reset and at the end"));
        }
    }

    private static async Task TimedHugePushAsync(WorkloadContext c, PatternSource source)
    {
        var watch = Stopwatch.StartNew();
        await c.Target.UploadMonolithicAsync("bench/huge", source, c.Ct);
        c.RecordThroughput(HugePush, source.Length, watch.Elapsed);
    }
}
