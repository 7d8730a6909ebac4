using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>Workload 6: one manifest tagged many times, then full paginated tags-list walks and single GETs.</summary>
internal static class TagsListWorkload
{
    public const string Setup = "tags-setup";
    public const string Walk = "tags-walk";
    public const string Single = "tags-single";
    public const string Repo = "bench/tags";

    public static async Task RunAsync(WorkloadContext c)
    {
        var image = c.Data.TagImage;
        var count = c.Settings.TagCount;
        await c.Target.UploadBytesAsync(Repo, image.Layer, image.LayerDigest, c.Ct);
        await c.Target.UploadBytesAsync(Repo, image.Config, image.ConfigDigest, c.Ct);
        var watch = Stopwatch.StartNew();
        var tagged = await WorkerPool.RunAsync(c.Settings.SmallWorkers, count,
            (i, ct) => c.Target.PutManifestAsync(Repo, $"t{i:D5}", image, ct), c.Errors, c.Ct);
        var elapsed = watch.Elapsed;
        if (tagged == 0)
        {
            throw new HttpFailure($"no tag pushed: {c.Errors.Summary()}");
        }
        c.Record(Setup, new Measurement(tagged / elapsed.TotalSeconds, Errors: c.Errors.Total,
            Detail: $"{tagged}/{count} manifest PUTs in {elapsed.TotalSeconds:F2} s"));

        var page = c.Settings.PageSize;
        var maxPages = count / page + 10;
        c.Record(Walk, await WalkTimer.MeasureAsync(c, "tags list walk", tagged, _ => true,
            ct => c.Target.WalkAsync($"/v2/{Repo}/tags/list?n={page}", "tags", maxPages, true, ct)));
        c.Record(Single, await WalkTimer.MeasureAsync(c, "tags list without n", tagged, _ => true,
            ct => c.Target.WalkAsync($"/v2/{Repo}/tags/list", "tags", 1, false, ct)));
    }
}
