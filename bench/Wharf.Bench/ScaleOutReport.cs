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

    /// <summary>Memory is flat in blob size when the peak RSS of the huge push exceeds the large push's by at most this
    /// share of the difference in size: a buffer that grew with the blob would add all of it, while the GC's own
    /// variation (heap sizing, the SDK's pools) adds a few tens of MiB whatever the size.</summary>
    public const double FlatShare = 0.10;

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
                if (row.Key == LargeBlobWorkloads.RssHuge && FlatInBlobSize(settings, book, name) is bool flat)
                {
                    verdicts.Add((label, flat));
                }
            }
            text.AppendLine($"{cells} {Target(settings, row, goal, verdicts)} |");
        }
        text.AppendLine();
        text.AppendLine("Ratio = how many times better that Wharf is than Distribution on S3 (> 1 = Wharf better): Wharf/Distribution for " +
            "throughput, Distribution/Wharf for time, latency and memory. The targets are judged for Wharf on PostgreSQL + S3; " +
            Report.Invariant($"memory is flat when the peak RSS of any node during the {BenchSettings.Size(settings.HugeMiB)} push exceeds its peak ") +
            Report.Invariant($"during the {BenchSettings.Size(settings.LargeMiB)} push by at most {FlatShare * 100:F0}% of the difference in size ({FlatAllowanceMiB(settings):F0} MiB): ") +
            "a buffer that grew with the blob would add all of it. MiB = 2^20 bytes.");
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

    private static double FlatAllowanceMiB(BenchSettings settings) => FlatShare * (settings.HugeMiB - settings.LargeMiB);

    private static bool? FlatInBlobSize(BenchSettings settings, ResultBook book, string target) =>
        book.Find(target, LargeBlobWorkloads.RssLarge)?.Value is double large && book.Find(target, LargeBlobWorkloads.RssHuge)?.Value is double huge
            ? huge - large <= FlatAllowanceMiB(settings)
            : null;

    private static double? Ratio(ReportRow row, double? wharf, double? distribution) =>
        wharf is double w && distribution is double d && w > 0 && d > 0 ? (row.HigherIsBetter ? w / d : d / w) : null;

    private static string Target(BenchSettings settings, ReportRow row, double? goal, List<(string Label, bool Met)> verdicts)
    {
        var text = row.Key switch
        {
            LargeBlobWorkloads.RssHuge => Report.Invariant($"flat in blob size (≤ row 1's peak + {FlatAllowanceMiB(settings):F0} MiB)"),
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
