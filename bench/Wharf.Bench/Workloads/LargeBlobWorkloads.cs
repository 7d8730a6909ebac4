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
    public const string RssHuge = "rss-huge";
    public const string RssOverall = "rss-overall";

    private const string Repo = "bench/large";

    public static async Task PushMonolithicAsync(WorkloadContext c)
    {
        var source = c.Data.Monolithic;
        var watch = Stopwatch.StartNew();
        await c.Target.UploadMonolithicAsync(Repo, source, c.Ct);
        c.RecordThroughput(PushMonolithic, source.Length, watch.Elapsed);
    }

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
    /// Reads VmHWM for the whole run so far, resets it (clear_refs), pushes the huge blob while sampling VmRSS, and
    /// reports the peak during the push and the peak over the whole run.
    /// </summary>
    public static async Task HugePushAsync(WorkloadContext c)
    {
        var source = c.Data.Huge;
        if (c.Target.Pid is not int pid)
        {
            c.Record(RssOverall, Measurement.Failed("server pid unknown"));
            c.Record(RssHuge, Measurement.Failed("server pid unknown"));
            await TimedHugePushAsync(c, source);
            return;
        }
        var before = ProcessMemory.ReadKiB(pid, "VmHWM") ?? 0;
        var reset = ProcessMemory.TryResetPeak(pid);
        Exception? failure = null;
        await using (var sampler = new ProcessMemory.Sampler(pid))
        {
            try
            {
                await TimedHugePushAsync(c, source);
            }
            catch (Exception error) when (!c.Ct.IsCancellationRequested)
            {
                failure = error;
            }
            var hwm = ProcessMemory.ReadKiB(pid, "VmHWM") ?? 0;
            var during = reset ? Math.Max(hwm, sampler.MaxKiB) : sampler.MaxKiB;
            var how = reset ? "VmHWM after reset via clear_refs" : "max of VmRSS sampled every 20 ms (clear_refs not permitted)";
            c.Record(RssHuge, failure is null
                ? new Measurement(during / 1024.0, Detail: how)
                : Measurement.Failed($"push failed: {ErrorTally.Describe(failure).Message}"));
            c.Record(RssOverall, new Measurement(Math.Max(before, hwm) / 1024.0, Detail: $"VmHWM before the huge push {before / 1024} MiB"));
        }
        if (failure is not null)
        {
            throw failure;
        }
    }

    private static async Task TimedHugePushAsync(WorkloadContext c, PatternSource source)
    {
        var watch = Stopwatch.StartNew();
        await c.Target.UploadMonolithicAsync("bench/huge", source, c.Ct);
        c.RecordThroughput(HugePush, source.Length, watch.Elapsed);
    }
}
