using System.Text;
using Wharf.Registry.Builds;

namespace Wharf.Server.Api.Builds;

/// <summary>A build's log as <c>text/plain</c>, a line each. Following, it keeps the response open and sends lines as
/// the worker writes them (read from the database, so it does not matter which node runs the build) until the build
/// ends: the state is read before each read of the log, and a worker writes its last lines before its outcome, so a
/// build seen ended has every line in the read that follows.</summary>
internal sealed class BuildLogResult(SqlBuildStore builds, long id, bool follow) : IResult
{
    private const int Page = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // Proxies (nginx) would otherwise hold a followed log back until their buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        // A log is what a build printed: never to be taken for HTML by a browser.
        response.Headers.XContentTypeOptions = "nosniff";
        var after = 0L;
        try
        {
            while (true)
            {
                var ended = !follow || await builds.FindAsync(id, ct) is not { } build || BuildStates.IsFinal(build.State);
                IReadOnlyList<BuildLogLine> lines;
                do
                {
                    lines = await builds.ReadLogAsync(id, after, Page, ct);
                    if (lines.Count > 0)
                    {
                        var text = new StringBuilder();
                        foreach (var line in lines)
                        {
                            text.Append(line.Text).Append('\n');
                        }

                        await response.WriteAsync(text.ToString(), Encoding.UTF8, ct);
                        after = lines[^1].Sequence;
                    }
                }
                while (lines.Count == Page);

                await response.Body.FlushAsync(ct);
                if (ended)
                {
                    return;
                }

                await Task.Delay(Poll, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }
}
