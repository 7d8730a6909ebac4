using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>Workload 4: tiny images (layer + config + manifest PUT by tag) pushed by concurrent workers.</summary>
internal static class SmallImageWorkload
{
    public const string Key = "small-push";
    public const string Repo = "bench/small";

    public static string TagOf(int index) => $"img-{index:D4}";

    public static async Task RunAsync(WorkloadContext c)
    {
        var warmupErrors = new ErrorTally();
        var warm = c.Data.WarmupImages;
        await WorkerPool.RunAsync(c.Settings.SmallWorkers, warm.Length,
            (i, ct) => warm[i].PushAsync(c.Target, "bench/warm", TagOf(i), ct), warmupErrors, c.Ct);
        if (warmupErrors.Total > 0)
        {
            c.Log($"warm-up had {warmupErrors.Total} errors: {warmupErrors.Summary()}");
        }

        var images = c.Data.SmallImages;
        var watch = Stopwatch.StartNew();
        var pushed = await WorkerPool.RunAsync(c.Settings.SmallWorkers, images.Length,
            (i, ct) => images[i].PushAsync(c.Target, Repo, TagOf(i), ct), c.Errors, c.Ct);
        var elapsed = watch.Elapsed;
        c.Record(Key, pushed == 0
            ? Measurement.Failed($"no image pushed: {c.Errors.Summary()}", c.Errors.Total)
            : new Measurement(pushed / elapsed.TotalSeconds, Errors: c.Errors.Total,
                Detail: $"{pushed}/{images.Length} images, {pushed * 5} requests in {elapsed.TotalSeconds:F2} s"));
    }
}
