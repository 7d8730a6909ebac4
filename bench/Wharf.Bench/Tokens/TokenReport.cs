using System.Text;

namespace Wharf.Bench.Tokens;

/// <summary>The Markdown report of <c>run --tokens</c>: per kind of credentials, each target's rate, latency and server
/// CPU per request against issue 8's ≥ 500/s, then where each request's time goes in the database.</summary>
internal static class TokenReport
{
    /// <summary>Issue 8: repeated valid credentials of every kind must not make the token endpoint the bottleneck.</summary>
    public const double TargetRate = 500;

    public static string Render(BenchSettings settings, IReadOnlyList<TokenResult> results, IReadOnlyList<BenchTarget> targets)
    {
        var text = new StringBuilder();
        var header = new StringBuilder(Report.Invariant($"| token request ({settings.TokenClients} clients, {settings.TokenSeconds:0.#} s each, same credentials every time) |"));
        var line = new StringBuilder("| --- |");
        foreach (var target in targets)
        {
            header.Append($" {Label(target.Name)}: req/s | p50 | p99 | server CPU/req |");
            line.Append(" ---: | ---: | ---: | ---: |");
        }
        text.AppendLine(header + " target |");
        text.AppendLine(line + " --- |");
        foreach (var kind in TokenKind.All)
        {
            var row = new StringBuilder($"| {kind.Label} |");
            var verdicts = new List<string>();
            foreach (var target in targets)
            {
                var r = results.FirstOrDefault(x => x.Target == target.Name && x.Kind == kind);
                if (target.Unavailable is not null || r is null)
                {
                    row.Append(" not run | | | |");
                    continue;
                }
                if (r.Rate is not double rate)
                {
                    row.Append($" FAILED | | | |");
                    verdicts.Add($"{Label(target.Name)} **failed**");
                    continue;
                }
                var errors = r.Errors > 0 ? $" ({r.Errors} unexpected)" : "";
                row.Append(Report.Invariant($" {rate:F0}{errors} | {r.P50Ms:F2} ms | {r.P99Ms:F2} ms | {(r.CpuMicros is double cpu ? $"{cpu:F0} µs" : "—")} |"));
                if (!kind.Refused)
                {
                    verdicts.Add(rate >= TargetRate ? $"{Label(target.Name)} met" : $"{Label(target.Name)} **missed**");
                }
            }
            var goal = kind.Refused ? "info: refusals/s (401, 429), never a token" : Report.Invariant($"≥ {TargetRate:F0}/s");
            text.AppendLine($"{row} {goal}{(verdicts.Count > 0 ? " — " + string.Join(", ", verdicts) : "")} |");
        }
        text.AppendLine();
        text.AppendLine("req/s counts the answers as expected: 200 with an access token, or for the wrong password a refusal. " +
            "Server CPU/req is the server process's user + system CPU time over the measurement divided by those answers.");

        text.AppendLine();
        text.AppendLine("### Answers and where the time goes");
        text.AppendLine();
        foreach (var r in results)
        {
            text.AppendLine(r.Rate is null
                ? $"- {r.Target} / {r.Kind.Key}: FAILED: {Report.Escape(r.Failure ?? "")}"
                : $"- {r.Target} / {r.Kind.Key}: answers {r.Statuses}; {Report.Escape(r.Profile)}");
        }
        foreach (var target in targets.Where(t => t.Unavailable is not null))
        {
            text.AppendLine($"- {target.Name}: not benchmarked: {Report.Escape(target.Unavailable!)}");
        }
        return text.ToString();
    }

    private static string Label(string target) => target switch
    {
        "wharf-s3" => "Wharf PG + S3, 1 node",
        "wharf-embedded" => "Wharf embedded",
        _ => target,
    };
}
