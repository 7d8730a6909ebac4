using System.Diagnostics;

namespace Wharf.Bench.Workloads;

/// <summary>
/// Times a repeated list walk: one walk first that checks the entries (count, no duplicates), then timed walks until
/// the time or count bound; the figure is the median in ms. The first walk is a warm-up and not counted, unless it
/// alone took longer than the time bound (Distribution's catalog on S3 lists every repository's directories and takes
/// minutes): then it is the one figure, rather than a second walk as long as the first.
/// </summary>
internal static class WalkTimer
{
    public static async Task<Measurement> MeasureAsync(WorkloadContext c, string what, int expected, Func<string, bool> counted,
        Func<CancellationToken, Task<(List<string> Items, int Pages, bool More)>> walk)
    {
        var errorsBefore = c.Errors.Total;
        var first = Stopwatch.StartNew();
        var (items, pages, more) = await walk(c.Ct);
        var firstMs = first.Elapsed.TotalMilliseconds;
        var mine = items.Where(counted).ToList();
        var distinct = mine.Distinct(StringComparer.Ordinal).Count();
        var remark = $"{pages} page(s), {items.Count} entries{(more ? ", with a next link" : "")}";
        if (mine.Count != expected || distinct != expected)
        {
            c.Errors.Add($"{what} returned {mine.Count} of the {expected} expected entries ({distinct} distinct; {remark})");
        }
        if (firstMs > c.Settings.WalkSeconds * 1000)
        {
            return new Measurement(firstMs, Errors: c.Errors.Total - errorsBefore, Detail: $"{remark}; one walk, the checked one: it alone took longer than {c.Settings.WalkSeconds:0.#} s");
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
        return new Measurement(times[times.Count / 2], Errors: c.Errors.Total - errorsBefore, Detail: $"{remark}; median of {times.Count} walks");
    }
}
