using Wharf.Bench.Workloads;

namespace Wharf.Bench;

/// <summary>One line of the results table.</summary>
/// <param name="TargetRatio">The ratio Wharf must reach against Distribution, or null when the row is information.</param>
/// <param name="ShaTarget">Whether Wharf must also reach 80% of the SHA-256 ceiling.</param>
/// <param name="Note">Target text for rows without a ratio target.</param>
internal sealed record ReportRow(string Key, string Label, string Unit, bool HigherIsBetter, double? TargetRatio,
    bool ShaTarget = false, string? Note = null, int Decimals = 1)
{
    public static IReadOnlyList<ReportRow> All(BenchSettings s)
    {
        var large = BenchSettings.Size(s.LargeMiB);
        var huge = BenchSettings.Size(s.HugeMiB);
        return
        [
            new(LargeBlobWorkloads.PushMonolithic, $"1. Large blob push, monolithic POST+PUT ({large})", "MiB/s", true, 1.0, ShaTarget: true),
            new(LargeBlobWorkloads.RssLarge, $"1. Peak RSS while pushing {large} (per node)", "MiB", false, null, Note: "info", Decimals: 0),
            new(LargeBlobWorkloads.PushChunked, $"2. Large blob push, {s.ChunkMiB} MiB PATCH chunks ({large})", "MiB/s", true, 1.0, ShaTarget: true),
            new(LargeBlobWorkloads.Pull, $"3. Large blob pull ({large}, median of {s.PullReps})", "MiB/s", true, 1.0),
            new(SmallImageWorkload.Key, $"4. Small image pushes ({s.SmallImages} images, {s.SmallWorkers} workers)", "images/s", true, 2.0),
            new(ManifestGetWorkload.Rate, $"5. Manifest GETs ({s.GetClients} clients, {s.GetSeconds:0.#} s)", "req/s", true, 2.0, Decimals: 0),
            new(ManifestGetWorkload.P50, "5. Manifest GET latency p50", "ms", false, 1.0, Decimals: 2),
            new(ManifestGetWorkload.P99, "5. Manifest GET latency p99", "ms", false, 1.0, Decimals: 2),
            new(TagsListWorkload.Setup, $"6. setup: tag PUTs ({s.TagCount} tags, {s.SmallWorkers} workers)", "tags/s", true, 1.0, Decimals: 0),
            new(TagsListWorkload.Walk, $"6. Tags list, full walk with n={s.PageSize} ({s.TagCount} tags)", "ms/walk", false, 1.0),
            new(TagsListWorkload.Single, $"6. Tags list, single GET without n ({s.TagCount} tags)", "ms", false, 1.0),
            new(CatalogWorkload.Setup, $"7. setup: repositories with one image ({s.RepoCount} repos)", "repos/s", true, 1.0, Decimals: 0),
            new(CatalogWorkload.Walk, $"7. Catalog, full walk with n={s.PageSize} ({s.RepoCount}+ repos)", "ms/walk", false, 1.0),
            new(LargeBlobWorkloads.HugePush, $"8. Huge blob push, monolithic ({huge})", "MiB/s", true, 1.0, ShaTarget: true),
            new(LargeBlobWorkloads.RssHuge, $"8. Peak RSS while pushing {huge} (per node)", "MiB", false, null, Note: "info: must not grow with the blob", Decimals: 0),
            new(LargeBlobWorkloads.RssOverall, "8. Peak RSS over the whole run (VmHWM)", "MiB", false, null, Note: "info", Decimals: 0),
        ];
    }
}
