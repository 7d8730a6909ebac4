using System.Globalization;
using System.Text;
using Wharf.Bench.Workloads;

namespace Wharf.Bench;

/// <summary>The Markdown report of <c>run --auth</c>: manifest GETs per target, then what auth costs each registry.</summary>
internal static class AuthReport
{
    /// <summary>Issue 4: the auth check may cost at most this share of unauthenticated manifest GET throughput.</summary>
    public const double MaxWharfCost = 0.10;

    /// <summary>The targets bench/run.sh --auth starts: (registry, auth off, auth on, how auth is done).</summary>
    private static readonly (string Registry, string Off, string On, string How)[] Pairs =
    [
        ("Wharf", "wharf", "wharf-auth", "token auth: one Bearer token from the challenge's realm, reused"),
        ("Distribution", "distribution", "distribution-auth", "htpasswd: Basic credentials on every request, bcrypt"),
    ];

    public static string Render(BenchSettings settings, ResultBook book, IReadOnlyList<ResultBook> rounds, IReadOnlyList<BenchTarget> targets)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"| manifest GETs ({settings.GetClients} clients, {settings.GetSeconds:0.#} s, median of {rounds.Count} rounds) | req/s | p50 | p99 | server CPU per GET | req/s per round | seed: {settings.SmallImages} small image pushes |"));
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var target in targets)
        {
            var fetches = rounds.Select(r => r.Find(target.Name, AuthCostRun.TokenFetches)?.Value).OfType<double>().ToList();
            var label = Label(target.Name) + (fetches.Count > 0 ? $"; tokens fetched per round: {string.Join(", ", fetches)}" : "");
            if (target.Unavailable is not null)
            {
                text.AppendLine($"| {label} | not run | | | | | |");
                continue;
            }
            text.AppendLine($"| {label} | {Median(rounds, target.Name, ManifestGetWorkload.Rate, "F0", "req/s")} | " +
                $"{Median(rounds, target.Name, ManifestGetWorkload.P50, "F2", "ms")} | {Median(rounds, target.Name, ManifestGetWorkload.P99, "F2", "ms")} | " +
                $"{Median(rounds, target.Name, ManifestGetWorkload.CpuPerRequest, "F0", "µs")} | " +
                $"{string.Join(", ", rounds.Select(r => Cell(r.Find(target.Name, ManifestGetWorkload.Rate), "F0", "")))} | " +
                $"{Cell(book.Find(target.Name, SmallImageWorkload.Key), "F1", "images/s")} |");
        }

        text.AppendLine();
        text.AppendLine("| auth cost = 1 − (auth req/s ÷ no-auth req/s), medians | cost | per round | server CPU per GET, off → on | target |");
        text.AppendLine("| --- | ---: | --- | --- | --- |");
        foreach (var (registry, off, on, how) in Pairs)
        {
            var cost = 1 - MedianValue(rounds, on, ManifestGetWorkload.Rate) / MedianValue(rounds, off, ManifestGetWorkload.Rate);
            var perRound = rounds.Select(r => 1 - r.Find(on, ManifestGetWorkload.Rate)?.Value / r.Find(off, ManifestGetWorkload.Rate)?.Value);
            var target = registry == "Wharf"
                ? Invariant($"≤ {MaxWharfCost * 100:F0}%") + (cost is double c ? (c <= MaxWharfCost ? " — met" : " — **missed**") : "")
                : "info";
            var cpuOff = MedianValue(rounds, off, ManifestGetWorkload.CpuPerRequest);
            var cpuOn = MedianValue(rounds, on, ManifestGetWorkload.CpuPerRequest);
            var cpu = cpuOff is double a && cpuOn is double b ? Invariant($"{a:F0} → {b:F0} µs ({(b / a) - 1:+0%;-0%})") : "—";
            text.AppendLine($"| {registry} ({how}) | {Percent(cost)} | {string.Join(", ", perRound.Select(Percent))} | {cpu} | {target} |");
        }
        var ratio = MedianValue(rounds, "wharf-auth", ManifestGetWorkload.Rate) / MedianValue(rounds, "distribution-auth", ManifestGetWorkload.Rate);
        text.AppendLine();
        text.AppendLine($"Wharf with token auth ÷ Distribution with htpasswd, manifest GET req/s: {(ratio is double x ? Invariant($"{x:F2}×") : "—")} " +
            "(the unauthenticated goal is ≥ 2.0×). A negative cost means the authenticated server was faster: noise. " +
            "Server CPU per GET is the server process's user + system time over the measurement divided by the GETs served " +
            "(the load generator's CPU is not in it): less sensitive to other load than req/s.");

        var books = rounds.Prepend(book).ToList();
        var failures = targets.Where(t => t.Unavailable is not null).Select(t => $"- {t.Name}: not benchmarked: {Escape(t.Unavailable!)}")
            .Concat(targets.Where(t => t.Unavailable is null)
                .SelectMany(t => books.SelectMany(b => new[] { SmallImageWorkload.Key, ManifestGetWorkload.Rate }.Select(k => (t.Name, m: b.Find(t.Name, k)))))
                .Where(x => x.m?.Failure is not null)
                .Select(x => $"- {x.Name}: FAILED: {Escape(x.m!.Failure!)}"))
            .Concat(books.SelectMany(b => b.Errors).Select(e => $"- {Escape(e)}"))
            .Distinct()
            .ToList();
        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Failures and request errors");
            text.AppendLine();
            failures.ForEach(line => text.AppendLine(line));
        }
        foreach (var target in targets.Where(t => t.Unavailable is null && t.Notes.Lines.Any()))
        {
            text.AppendLine();
            text.AppendLine($"### Protocol observations: {target.Name}");
            text.AppendLine();
            foreach (var line in target.Notes.Lines)
            {
                text.AppendLine($"- {Escape(line)}");
            }
        }
        return text.ToString();
    }

    private static string Label(string name) =>
        Pairs.FirstOrDefault(p => p.Off == name) is { Registry: not null } off ? $"{off.Registry}, auth off"
        : Pairs.FirstOrDefault(p => p.On == name) is { Registry: not null } on ? $"{on.Registry}, {on.How}"
        : name;

    private static double? MedianValue(IReadOnlyList<ResultBook> rounds, string target, string key)
    {
        var values = rounds.Select(r => r.Find(target, key)?.Value).OfType<double>().Order().ToList();
        return values.Count == 0 ? null
            : values.Count % 2 == 1 ? values[values.Count / 2]
            : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static string Median(IReadOnlyList<ResultBook> rounds, string target, string key, string format, string unit)
    {
        var errors = rounds.Sum(r => r.Find(target, key)?.Errors ?? 0);
        return MedianValue(rounds, target, key) is double v
            ? v.ToString(format, CultureInfo.InvariantCulture) + " " + unit + (errors > 0 ? $" ({errors} errors)" : "")
            : "FAILED";
    }

    private static string Cell(Measurement? m, string format, string unit) => m switch
    {
        { Value: double v } => (v.ToString(format, CultureInfo.InvariantCulture) + " " + unit).TrimEnd() + (m.Errors > 0 ? $" ({m.Errors} errors)" : ""),
        { Failure: not null } => "FAILED",
        _ => "—",
    };

    private static string Percent(double? value) => value is double v ? Invariant($"{v * 100:F1}%") : "—";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
