using System.Globalization;
using System.Text;
using Wharf.Bench.Workloads;

namespace Wharf.Bench;

/// <summary>
/// The Markdown report of <c>run --scale-out</c> (bench/run.sh --scale-out): one column per set-up, each Wharf column
/// followed by its ratio against Distribution on the same Ceph gateway, and the issue 8 targets judged for Wharf on
/// PostgreSQL + S3 (one node and three nodes). Wharf on its embedded default is shown for comparison, not judged,
/// except for memory, which must stay flat in blob size on every Wharf node whatever its storage.
/// </summary>
internal static class ScaleOutReport
{
    public const string Baseline = "distribution-s3";

    /// <summary>A peak RSS during the huge push at most this many times the one during the large push counts as flat:
    /// the blob is twice as large, so a buffer that grew with it would add its whole size; this margin is for the GC.</summary>
    public const double FlatMargin = 1.25;

    /// <summary>The Wharf set-ups, in column order, with whether the ratio targets apply to them.</summary>
    private static readonly (string Name, string Label, bool Judged)[] Columns =
    [
        ("wharf-s3", "1 node", true),
        ("wharf-3nodes", "3 nodes", true),
        ("wharf-embedded", "embedded", false),
    ];

    public static string Render(BenchSettings settings, ResultBook book, IReadOnlyList<BenchTarget> targets)
    {
        var text = new StringBuilder();
        Report.RenderCeilings(settings, book, text);
        text.AppendLine("| workload | Distribution, S3 | Wharf PG + S3, 1 node | ratio | Wharf PG + S3, 3 nodes + HAProxy | ratio | Wharf embedded (SQLite + files) | ratio | target (Wharf PG + S3) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        var baseline = targets.FirstOrDefault(t => t.Name == Baseline);
        foreach (var row in ReportRow.All(settings))
        {
            var d = book.Find(Baseline, row.Key);
            var cells = new StringBuilder($"| {row.Label} | {Report.Cell(row, d, baseline)} |");
            var verdicts = new List<(string Label, bool Met)>();
            var goal = TargetRatio(row);
            foreach (var (name, label, judged) in Columns)
            {
                var w = book.Find(name, row.Key);
                var ratio = Ratio(row, w?.Value, d?.Value);
                cells.Append(Report.Invariant($" {Report.Cell(row, w, targets.FirstOrDefault(t => t.Name == name))} | {(ratio is double r ? $"{r:F2}×" : "—")} |"));
                if (judged && goal is double g && ratio is double met)
                {
                    verdicts.Add((label, met >= g));
                }
                if (row.Key == LargeBlobWorkloads.RssHuge && FlatInBlobSize(book, name) is bool flat)
                {
                    verdicts.Add((label, flat));
                }
            }
            text.AppendLine($"{cells} {Target(row, goal, verdicts)} |");
        }
        text.AppendLine();
        text.AppendLine("Ratio = how many times better that Wharf is than Distribution on S3 (> 1 = Wharf better): Wharf/Distribution for " +
            "throughput, Distribution/Wharf for time, latency and memory. The targets are judged for Wharf on PostgreSQL + S3; " +
            Report.Invariant($"memory is flat when the peak RSS of any node during the {BenchSettings.Size(settings.HugeMiB)} push is at most ") +
            Report.Invariant($"{FlatMargin:F2}× its peak during the {BenchSettings.Size(settings.LargeMiB)} push. MiB = 2^20 bytes."));
        Report.RenderFailuresAndNotes(settings, book, targets, text);
        return text.ToString();
    }

    /// <summary>Issue 8: every workload ≥ 1.0× Distribution on S3, manifest GETs and small pushes ≥ 3×, tags list and
    /// catalog ≥ 10×; null for the memory rows, which are judged by <see cref="FlatInBlobSize"/>.</summary>
    public static double? TargetRatio(ReportRow row) => row.Key switch
    {
        SmallImageWorkload.Key or ManifestGetWorkload.Rate => 3.0,
        TagsListWorkload.Walk or TagsListWorkload.Single or CatalogWorkload.Walk => 10.0,
        LargeBlobWorkloads.RssLarge or LargeBlobWorkloads.RssHuge or LargeBlobWorkloads.RssOverall => null,
        _ => 1.0,
    };

    private static bool? FlatInBlobSize(ResultBook book, string target) =>
        book.Find(target, LargeBlobWorkloads.RssLarge)?.Value is double large && book.Find(target, LargeBlobWorkloads.RssHuge)?.Value is double huge
            ? huge <= FlatMargin * large
            : null;

    private static double? Ratio(ReportRow row, double? wharf, double? distribution) =>
        wharf is double w && distribution is double d && w > 0 && d > 0 ? (row.HigherIsBetter ? w / d : d / w) : null;

    private static string Target(ReportRow row, double? goal, List<(string Label, bool Met)> verdicts)
    {
        var text = row.Key switch
        {
            LargeBlobWorkloads.RssHuge => Report.Invariant($"flat in blob size (≤ {FlatMargin:F2}× row 1's peak)"),
            _ when goal is double g => Report.Invariant($"≥ {g:F1}×"),
            _ => row.Note ?? "info",
        };
        if (verdicts.Count == 0)
        {
            return text;
        }
        return text + " — " + string.Join(", ", verdicts.Select(v => v.Met ? $"{v.Label} met" : $"{v.Label} **missed**"));
    }
}
