using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>Times a repeated list walk: one untimed walk first, then walks until the time or count bound; median ms.</summary>
internal static class WalkTimer
{
    public static async Task<Measurement> MeasureAsync(WorkloadContext c, string what, int expected,
        Func<CancellationToken, Task<(int Count, int Pages, bool More)>> walk)
    {
        var (count, pages, more) = await walk(c.Ct);
        var remark = $"{pages} page(s), {count} entries{(more ? ", with a next link" : "")}";
        if (count != expected)
        {
            c.Errors.Add($"{what} returned {count} entries, expected {expected} ({remark})");
        }
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < c.Settings.MaxWalks && (times.Count == 0 || total.Elapsed.TotalSeconds < c.Settings.WalkSeconds))
        {
            var watch = Stopwatch.StartNew();
            await walk(c.Ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Measurement(times[times.Count / 2], Errors: c.Errors.Total, Detail: $"{remark}; median of {times.Count} walks");
    }
}
