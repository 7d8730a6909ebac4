using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>Workload 7: many repositories holding one tiny image each, then full paginated catalog walks.</summary>
internal static class CatalogWorkload
{
    public const string Setup = "catalog-setup";
    public const string Walk = "catalog-walk";

    private const string Source = "bench/cat-src";
    private const string Prefix = "bench/cat/";

    public static async Task RunAsync(WorkloadContext c)
    {
        var image = c.Data.CatalogImage;
        var count = c.Settings.RepoCount;
        await c.Target.UploadBytesAsync(Source, image.Layer, image.LayerDigest, c.Ct);
        await c.Target.UploadBytesAsync(Source, image.Config, image.ConfigDigest, c.Ct);
        var watch = Stopwatch.StartNew();
        var created = await WorkerPool.RunAsync(c.Settings.SmallWorkers, count, async (i, ct) =>
        {
            var repo = $"{Prefix}r{i:D4}";
            await c.Target.MountOrUploadAsync(repo, Source, image.Layer, image.LayerDigest, ct);
            await c.Target.MountOrUploadAsync(repo, Source, image.Config, image.ConfigDigest, ct);
            await c.Target.PutManifestAsync(repo, "latest", image, ct);
        }, c.Errors, c.Ct);
        var elapsed = watch.Elapsed;
        if (created == 0)
        {
            throw new HttpFailure($"no repository created: {c.Errors.Summary()}");
        }
        c.Record(Setup, new Measurement(created / elapsed.TotalSeconds, Errors: c.Errors.Total,
            Detail: $"{created}/{count} repositories (2 blob mounts + 1 manifest PUT each) in {elapsed.TotalSeconds:F2} s"));

        var page = c.Settings.PageSize;
        var maxPages = (count + 100) / page + 10;
        c.Record(Walk, await WalkTimer.MeasureAsync(c, "catalog walk", created, r => r.StartsWith(Prefix, StringComparison.Ordinal),
            ct => c.Target.WalkAsync($"/v2/_catalog?n={page}", "repositories", maxPages, true, ct)));
    }
}
