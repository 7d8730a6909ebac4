using System.Buffers;
using System.Text;
using Wharf.Oci;
using Wharf.Registry.Builds;

namespace Wharf.Server.Api.Builds;

/// <summary>A build's log as <c>text/plain</c>, a line each. While the build runs its lines are rows of the database, so
/// it does not matter which node runs it; following, the response stays open and sends lines as the worker writes them
/// until the build ends: the state is read before each read of the log, and a worker writes its last lines before its
/// outcome, so a build seen ended has every line in the read that follows. An ended build's log is one blob
/// (<see cref="BuildLogArchive"/>), served from the blob store; a log moved there while it was being read is taken up
/// in the blob where the rows left off (the blob holds exactly the bytes the rows make). The API's log, the UI's
/// (<c>/builds/{id}/log</c>, which a build page's script follows) and the log a build page renders (<see cref="WriteToAsync"/>).</summary>
internal sealed class BuildLogResult(SqlBuildStore builds, BuildLogArchive archive, long id, bool follow) : IResult
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
        try
        {
            await WriteToAsync(response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }

    /// <summary>Writes the log (following it while the build runs, when asked) into <paramref name="body"/>.</summary>
    public async Task WriteToAsync(Stream body, CancellationToken ct)
    {
        var after = 0L;
        var sent = 0L;
        while (true)
        {
            var build = await builds.FindAsync(id, ct);
            if (build?.LogDigest is { } moved)
            {
                await WriteMovedAsync(body, moved, sent, ct);
                return;
            }

            var ended = !follow || build is null || BuildStates.IsFinal(build.State);
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

                    var bytes = Encoding.UTF8.GetBytes(text.ToString());
                    await body.WriteAsync(bytes, ct);
                    after = lines[^1].Sequence;
                    sent += bytes.Length;
                }
            }
            while (lines.Count == Page);

            await body.FlushAsync(ct);
            if (ended)
            {
                // Its rows may have been moved into the blob store while they were read: the rest is there.
                if (build is not null && BuildStates.IsFinal(build.State) && (await builds.FindAsync(id, ct))?.LogDigest is { } late)
                {
                    await WriteMovedAsync(body, late, sent, ct);
                }

                return;
            }

            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>The log from the blob store, after the first <paramref name="skip"/> bytes (already sent from rows).</summary>
    private async Task WriteMovedAsync(Stream body, Digest digest, long skip, CancellationToken ct)
    {
        await using var log = await archive.OpenAsync(digest, ct);
        if (log is null)
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes($"(the rest of this log, blob {digest}, is no longer in the blob store)\n"), ct);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (skip > 0 && await log.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, skip)), ct) is > 0 and var read)
            {
                skip -= read;
            }

            int count;
            while ((count = await log.ReadAsync(buffer, ct)) > 0)
            {
                await body.WriteAsync(buffer.AsMemory(0, count), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
