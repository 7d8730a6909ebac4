using System.Globalization;
using System.Text;
using Wharf.Bench.Workloads;

namespace Wharf.Bench;

/// <summary>The Markdown report of <c>run --pulls</c> (bench/run.sh --pulls, issue 11): manifest GETs of one Wharf
/// counting pulls (<c>Registry:PullStatistics=true</c>, the default) and one not, measured in alternating rounds by
/// <see cref="AuthCostRun"/> (both without auth), and what counting costs.</summary>
internal static class PullStatisticsReport
{
    /// <summary>Issue 11: manifest GET throughput with pull counting on stays within this share of it off.</summary>
    public const double MaxCost = 0.05;

    public const string On = "wharf-pulls-on";
    public const string Off = "wharf-pulls-off";

    public static string Render(BenchSettings settings, IReadOnlyList<ResultBook> rounds, IReadOnlyList<BenchTarget> targets)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"| manifest GETs ({settings.GetClients} clients, {settings.GetSeconds:0.#} s, median of {rounds.Count} rounds) | req/s | p50 | p99 | server CPU per GET | req/s per round |"));
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var target in targets)
        {
            var label = target.Name == On ? "Wharf, pull statistics on" : target.Name == Off ? "Wharf, pull statistics off" : target.Name;
            if (target.Unavailable is not null)
            {
                text.AppendLine($"| {label} | not run: {target.Unavailable.Replace("|", "\\|", StringComparison.Ordinal)} | | | | |");
                continue;
            }

            var rates = string.Join(", ", rounds.Select(r => r.Find(target.Name, ManifestGetWorkload.Rate)?.Value is double v ? v.ToString("F0", CultureInfo.InvariantCulture) : "—"));
            text.AppendLine(Invariant(
                $"| {label} | {Median(rounds, target.Name, ManifestGetWorkload.Rate):F0} | {Median(rounds, target.Name, ManifestGetWorkload.P50):F2} ms | {Median(rounds, target.Name, ManifestGetWorkload.P99):F2} ms | {Median(rounds, target.Name, ManifestGetWorkload.CpuPerRequest):F0} µs | {rates} |"));
        }

        var cost = 1 - Median(rounds, On, ManifestGetWorkload.Rate) / Median(rounds, Off, ManifestGetWorkload.Rate);
        var perRound = rounds.Select(r => 1 - r.Find(On, ManifestGetWorkload.Rate)?.Value / r.Find(Off, ManifestGetWorkload.Rate)?.Value);
        text.AppendLine();
        text.AppendLine("| counting cost = 1 − (on req/s ÷ off req/s), medians | per round | target |");
        text.AppendLine("| ---: | --- | --- |");
        text.AppendLine($"| {Percent(cost)} | {string.Join(", ", perRound.Select(Percent))} | ≤ {MaxCost * 100:F0}%{(cost is double c ? (c <= MaxCost ? " — met" : " — **missed**") : "")} |");
        text.AppendLine();
        text.AppendLine("A negative cost means the counting server was faster: noise. Server CPU per GET is the server process's user + " +
            "system time over the measurement divided by the GETs served.");
        return text.ToString();
    }

    private static double? Median(IReadOnlyList<ResultBook> rounds, string target, string key)
    {
        var values = rounds.Select(r => r.Find(target, key)?.Value).OfType<double>().Order().ToList();
        return values.Count == 0 ? null : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static string Percent(double? value) => value is double v ? Invariant($"{v * 100:F1}%") : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
