using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;

namespace Wharf.Server.Ui;

/// <summary>What the build and trigger pages share: the log as
/// <c>GET /api/v1/builds/{id}/log</c> writes it (<see cref="BuildLogResult"/>, also served at
/// <see cref="UiLinks.BuildLog"/> for the page's script to follow), the layering advice a build printed, and how times
/// are shown.</summary>
internal static partial class UiBuilds
{
    /// <summary>The log of a build (one the caller may see), whole, as the API would send it unfollowed.</summary>
    public static async Task<IReadOnlyList<string>> ReadLogAsync(HttpContext http, long id, CancellationToken ct)
    {
        using var text = new MemoryStream();
        await new BuildLogResult(
            http.RequestServices.GetRequiredService<SqlBuildStore>(), http.RequestServices.GetRequiredService<BuildLogArchive>(), id, follow: false)
            .WriteToAsync(text, ct);
        var all = Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        var lines = all.Split('\n');
        return all.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary><c>/builds/{id}/log</c>: the build's log for the page's script, under the same rule as the page and the
    /// API (<see cref="BuildAccess"/>); 404 otherwise, whether there is no such build or the caller may not see it.</summary>
    public static void Map(WebApplication app) => app.MapGet("/builds/{id:long}/log",
        async (long id, string? follow, HttpContext http, SqlBuildStore builds, BuildLogArchive archive, CancellationToken ct) =>
            await BuildAccess.FindVisibleAsync(id, UiCaller.PrincipalOf(http), builds, http, ct) is { } build
                ? new BuildLogResult(builds, archive, build.Id, follow is "true" or "1")
                : Results.Text("There is no build of that number that you can see.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));

    /// <summary>The layering advice the builder printed at the end of a build (Wharf.Build's <c>LayeringAdvice</c>): its
    /// <c>BuildSummary</c> table (from the <c>layer pushed unpacked step</c> header to the <c>total</c> line) and the
    /// advice lines after it (<c>file:line RuleId: message (fix: …)</c>). Empty when the log has none.</summary>
    public static (IReadOnlyList<string> Summary, IReadOnlyList<string> Advice) AdviceOf(IReadOnlyList<string> log)
    {
        var header = -1;
        for (var i = log.Count - 1; i >= 0; i--)
        {
            if (SummaryHeader().IsMatch(log[i]))
            {
                header = i;
                break;
            }
        }

        if (header < 0)
        {
            return ([], []);
        }

        var end = header + 1;
        while (end < log.Count && !SummaryTotal().IsMatch(log[end]))
        {
            end++;
        }

        if (end == log.Count)
        {
            return ([], []);
        }

        var summary = log.Skip(header).Take(end - header + 1).ToList();
        var advice = log.Skip(end + 1).TakeWhile(line => AdviceLine().IsMatch(line)).ToList();
        return (summary, advice);
    }

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";

    public static string MachineTime(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>How long it ran (so far, while running): <c>1 h 2 min</c>, <c>3 min 4 s</c>, <c>5.6 s</c>; empty before it started.</summary>
    public static string Duration(BuildRecord build, DateTimeOffset now)
    {
        if (build.StartedAt is not { } started)
        {
            return "";
        }

        return UiFormat.Duration((build.FinishedAt ?? now) - started);
    }

    /// <summary>Why a build was queued, in words.</summary>
    public static string Reason(BuildRecord build) => build.Spec.Reason switch
    {
        null => build.Spec.RequestedBy is { Length: > 0 } who ? $"submitted by {who}" : "submitted",
        BuildReasons.Manual => $"build now by {build.Spec.RequestedBy}",
        BuildReasons.Retry => $"retry by {build.Spec.RequestedBy}",
        BuildReasons.Pull => "pull",
        BuildReasons.BaseImage => "base image changed",
        var other => other,
    };

    public static string ShortCommit(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit ?? "";

    [GeneratedRegex(@"^\s*layer\s+pushed\s+unpacked\s+step\s*$")]
    private static partial Regex SummaryHeader();

    [GeneratedRegex(@"^\s*total\s")]
    private static partial Regex SummaryTotal();

    [GeneratedRegex(@"^\S+:\d+ [A-Za-z][A-Za-z0-9]*: .+ \(fix: .*\)$")]
    private static partial Regex AdviceLine();
}
