using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Wharf.Oci;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Builds;

/// <summary>Build logs kept in the blob store (issue 10, decision 017). While a build runs its lines are rows, which any
/// node follows; once it has ended, nothing is added to its log, and the whole of it is moved into one blob of the shared
/// blob store — a gzip of the lines, each ending with <c>\n</c> in UTF-8, which is exactly what
/// <c>GET /api/v1/builds/{id}/log</c> answers — whose digest the build's row then names (the lines are deleted in the
/// same transaction). Garbage collection keeps the blob while a row names it, so a log lives as long as its build's
/// history, and becomes garbage when the row is pruned. Moving is idempotent and safe on several nodes at once: the
/// blob is stored like a build context (<see cref="UploadService.StoreUnlinkedAsync{T}"/>: linked to no repository, held
/// by its upload session until the row names it), and only the first node's digest is recorded.</summary>
public sealed class BuildLogArchive(SqlBuildStore builds, UploadService uploads, IBlobStore blobs)
{
    private const int Page = 1000;

    /// <summary>Moves the log of ended build <paramref name="id"/> into the blob store; false when there is nothing to do
    /// (no such build, not ended, moved already) or another node recorded its blob first.</summary>
    public async Task<bool> ArchiveAsync(long id, CancellationToken ct)
    {
        if (await builds.FindAsync(id, ct) is not { } build || !BuildStates.IsFinal(build.State) || build.LogDigest is not null)
        {
            return false;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pipe = new Pipe();
        var writing = WriteAsync(id, pipe.Writer, stop.Token);
        try
        {
            await using var body = pipe.Reader.AsStream();
            return await uploads.StoreUnlinkedAsync(RepositoryName.Parse(build.Spec.Repository), body,
                (digest, _) => builds.RecordLogBlobAsync(id, digest, ct), ct);
        }
        finally
        {
            // An upload that failed stops reading: the writer is stopped too, and its end awaited.
            await stop.CancelAsync();
            await writing;
        }
    }

    /// <summary>Moves the logs of builds that ended before <paramref name="endedBefore"/> and whose logs are still rows (a
    /// build recovery gave up or a cancel ended without a worker, a worker that stopped before it moved its build's log,
    /// builds older than this feature), at most <paramref name="limit"/> of them; returns how many it moved. Nodes running
    /// it at once take the same builds in different orders, so they seldom do the same work twice.</summary>
    public async Task<int> ArchiveEndedAsync(DateTimeOffset endedBefore, int limit, CancellationToken ct)
    {
        var ids = (await builds.ListLogsInRowsAsync(endedBefore, limit, ct)).ToArray();
        Random.Shared.Shuffle(ids);
        var moved = 0;
        foreach (var id in ids)
        {
            if (await ArchiveAsync(id, ct))
            {
                moved++;
            }
        }

        return moved;
    }

    /// <summary>The text of a log moved into the blob with <paramref name="digest"/> (decompressed as it is read); null when
    /// the blob store no longer has it.</summary>
    public async Task<Stream?> OpenAsync(Digest digest, CancellationToken ct) =>
        await blobs.OpenReadAsync(digest, 0, ct) is { } stored ? new GZipStream(stored, CompressionMode.Decompress) : null;

    /// <summary>Writes the build's lines, gzipped, into <paramref name="writer"/>, a page of rows at a time.</summary>
    private async Task WriteAsync(long id, PipeWriter writer, CancellationToken ct)
    {
        try
        {
            await using (var gzip = new GZipStream(writer.AsStream(leaveOpen: true), CompressionLevel.Optimal))
            {
                var after = 0L;
                IReadOnlyList<BuildLogLine> lines;
                do
                {
                    lines = await builds.ReadLogAsync(id, after, Page, ct);
                    foreach (var line in lines)
                    {
                        await gzip.WriteAsync(Encoding.UTF8.GetBytes(line.Text + "\n"), ct);
                    }

                    after = lines.Count > 0 ? lines[^1].Sequence : after;
                }
                while (lines.Count == Page);
            }

            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
        }
    }
}
