using System.Globalization;
using System.Text;

namespace Wharf.Bench;

/// <summary>Prints the run as Markdown: ceilings, the side-by-side table, failures and protocol observations.</summary>
internal static class Report
{
    public const string Wharf = "wharf";
    public const string Distribution = "distribution";

    public static string Render(BenchSettings settings, ResultBook book, IReadOnlyList<BenchTarget> targets)
    {
        var text = new StringBuilder();
        var sha = RenderCeilings(settings, book, text);
        text.AppendLine("| workload | Wharf | Distribution | ratio | target |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- |");
        var wharf = targets.FirstOrDefault(t => t.Name == Wharf);
        var distribution = targets.FirstOrDefault(t => t.Name == Distribution);
        foreach (var row in ReportRow.All(settings))
        {
            var w = book.Find(Wharf, row.Key);
            var d = book.Find(Distribution, row.Key);
            var ratio = w?.Value is double wv && d?.Value is double dv && wv > 0 && dv > 0
                ? (row.HigherIsBetter ? wv / dv : dv / wv)
                : (double?)null;
            text.AppendLine($"| {row.Label} | {Cell(row, w, wharf)} | {Cell(row, d, distribution)} | " +
                $"{(ratio is double r ? Invariant($"{r:F2}×") : "—")} | {Target(row, w?.Value, ratio, sha)} |");
        }
        text.AppendLine();
        text.AppendLine("Ratio = how many times better Wharf is than Distribution (> 1 = Wharf better): Wharf/Distribution for " +
            "throughput, Distribution/Wharf for time, latency and memory. MiB = 2^20 bytes.");
        RenderFailuresAndNotes(settings, book, targets, text);
        return text.ToString();
    }

    /// <summary>The machine ceilings table; returns the SHA-256 ceiling (MiB/s) when it was measured.</summary>
    public static double? RenderCeilings(BenchSettings settings, ResultBook book, StringBuilder text)
    {
        var sha = book.Ceilings.GetValueOrDefault(Ceilings.Sha256)?.Value;
        text.AppendLine("| machine ceiling | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(Invariant($"| SHA-256 on one core (.NET IncrementalHash over {BenchSettings.Size(settings.ShaMiB)} in memory) | {Ceiling(book, Ceilings.Sha256)}{(sha is double s ? $" (80% = {0.8 * s:F0} MiB/s)" : "")} |"));
        text.AppendLine(Invariant($"| Sequential write + fsync ({BenchSettings.Size(settings.FsyncMiB)} in the data directory's file system) | {Ceiling(book, Ceilings.FsyncWrite)} |"));
        text.AppendLine(Invariant($"| HTTP PUT over loopback into a discarding sink ({BenchSettings.Size(settings.LargeMiB)}; the load generator's own limit) | {Ceiling(book, Ceilings.LoopbackDiscard)} |"));
        text.AppendLine(Invariant($"| HTTP PUT over loopback into a SHA-256-hashing sink ({BenchSettings.Size(settings.LargeMiB)}; receive + hash, no disk) | {Ceiling(book, Ceilings.LoopbackSha256)} |"));
        text.AppendLine();
        return sha;
    }

    /// <summary>Failed workloads and request errors, registries not benchmarked, and each one's protocol observations.</summary>
    public static void RenderFailuresAndNotes(BenchSettings settings, ResultBook book, IReadOnlyList<BenchTarget> targets, StringBuilder text)
    {
        var failures = targets
            .SelectMany(t => ReportRow.All(settings).Select(row => (t, row, m: book.Find(t.Name, row.Key))))
            .Where(x => x.m?.Failure is not null && x.t.Unavailable is null)
            .Select(x => $"- {x.t.Name} / {x.row.Label}: FAILED: {x.m!.Failure}")
            .Concat(book.Errors.Select(e => $"- {e}"))
            .ToList();
        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Failures and request errors");
            text.AppendLine();
            failures.ForEach(line => text.AppendLine(line));
        }
        var unavailable = targets.Where(t => t.Unavailable is not null).ToList();
        if (unavailable.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Not benchmarked");
            text.AppendLine();
            unavailable.ForEach(t => text.AppendLine($"- {t.Name}: {Escape(t.Unavailable!)}"));
        }
        foreach (var target in targets.Where(t => t.Unavailable is null))
        {
            var notes = target.Notes.Lines.ToList();
            text.AppendLine();
            text.AppendLine($"### Protocol observations: {target.Name}");
            text.AppendLine();
            if (notes.Count == 0)
            {
                text.AppendLine("- none: every smoke check and every response header checked during the workloads matched the distribution-spec");
            }
            notes.ForEach(line => text.AppendLine($"- {Escape(line)}"));
        }
    }

    public static string Cell(ReportRow row, Measurement? m, BenchTarget? target)
    {
        if (target is null)
        {
            return "not run";
        }
        if (target.Unavailable is not null)
        {
            return "not run";
        }
        if (m is null)
        {
            return "FAILED: no result";
        }
        if (m.Value is not double value)
        {
            var reason = m.Failure ?? "no result";
            return "FAILED: " + Escape(reason.Length > 60 ? reason[..60] + "…" : reason);
        }
        var errors = m.Errors > 0 ? $" ({m.Errors} errors)" : "";
        return value.ToString("F" + row.Decimals, CultureInfo.InvariantCulture) + " " + row.Unit + errors;
    }

    private static string Target(ReportRow row, double? wharf, double? ratio, double? sha)
    {
        if (row.TargetRatio is not double goal)
        {
            return row.Note ?? "—";
        }
        var text = Invariant($"≥ {goal:F1}×");
        if (row.ShaTarget)
        {
            text += sha is double s ? Invariant($" and ≥ {0.8 * s:F0} MiB/s") : " and ≥ 80% of SHA-256";
        }
        if (ratio is not double r || (row.ShaTarget && (sha is null || wharf is null)))
        {
            return text;
        }
        var met = r >= goal && (!row.ShaTarget || wharf >= 0.8 * sha);
        return text + (met ? " — met" : " — **missed**");
    }

    private static string Ceiling(ResultBook book, string key) => book.Ceilings.GetValueOrDefault(key) switch
    {
        { Value: double v } => Invariant($"{v:F0} MiB/s"),
        { Failure: string f } => "FAILED: " + Escape(f),
        _ => "not measured",
    };

    public static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
