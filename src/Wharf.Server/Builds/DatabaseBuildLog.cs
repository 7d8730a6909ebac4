using Wharf.Build;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>A running build's <see cref="IBuildLog"/>: lines are kept in memory as the builder writes them and written to
/// the database in batches by <see cref="FlushAsync"/> (the worker calls it a few times a second and once at the end),
/// numbered on from where the build's log stood when it was claimed, so a client on any node can follow it. Past
/// <c>Builds:MaxLogLines</c> lines the builder's are dropped (with one note), so a step printing without end cannot
/// fill the shared database.</summary>
internal sealed class DatabaseBuildLog(SqlBuildStore builds, long buildId, string workerId, long nextSequence, int maxLines) : IBuildLog
{
    /// <summary>A line longer than this (a RUN printing a minified file) is cut: the log is for people.</summary>
    public const int MaxLineLength = 16 * 1024;

    private readonly Lock _lock = new();
    private List<string> _pending = [];
    private long _next = nextSequence;
    private long _taken = nextSequence - 1;

    public void Line(string text)
    {
        text = text.Replace("\r", "", StringComparison.Ordinal);
        if (text.Length > MaxLineLength)
        {
            text = text[..MaxLineLength] + " …(line cut)";
        }

        lock (_lock)
        {
            _taken++;
            if (_taken <= maxLines)
            {
                _pending.Add(text);
            }
            else if (_taken == maxLines + 1)
            {
                _pending.Add($"(log cut: more than {maxLines} lines, Builds:MaxLogLines)");
            }
        }
    }

    /// <summary>The worker's last line, how the build ended: kept whatever the limit.</summary>
    public void Final(string text)
    {
        lock (_lock)
        {
            _pending.Add(text);
        }
    }

    /// <summary>Writes the lines gathered so far; false when the build is no longer this worker's (its lines are dropped).
    /// Not called concurrently with itself.</summary>
    public async Task<bool> FlushAsync(CancellationToken ct)
    {
        List<string> lines;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            (lines, _pending) = (_pending, []);
        }

        var written = 0;
        try
        {
            foreach (var batch in lines.Chunk(500))
            {
                if (!await builds.AppendLogAsync(buildId, workerId, _next, batch, ct))
                {
                    return false;
                }

                _next += batch.Length;
                written += batch.Length;
            }

            return true;
        }
        catch
        {
            // Kept for the next flush (the database was unreachable a moment); a repeated line is not written twice.
            lock (_lock)
            {
                _pending.InsertRange(0, lines.Skip(written));
            }

            throw;
        }
    }
}
