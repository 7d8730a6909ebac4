using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Maintenance;

/// <summary>Removes abandoned uploads: sessions older than the cut-off with all their staged parts; staging that no
/// session names (a node died between writing a part and recording it, or a writer that lost its race died before
/// removing its part) once it is older than the cut-off; and writes the blob store began and never finished (S3
/// multipart uploads of a node that died mid-request or mid-commit). Safe on several nodes at once.</summary>
public sealed class UploadPurger(IBlobStore blobs, IMetadataStore metadata, UploadHashCache hashes, TimeProvider time)
{
    /// <summary>Returns how many uploads (and unfinished writes) were removed.</summary>
    public async Task<int> PurgeAsync(TimeSpan maxAge, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - maxAge;
        var removed = 0;
        foreach (var session in await metadata.ListUploadsStartedBeforeAsync(cutoff, ct))
        {
            hashes.Forget(session.Id);
            await metadata.DeleteUploadAsync(session.Id, ct);
            await blobs.DeleteUploadAsync(session.Id, ct);
            removed++;
        }

        await foreach (var staged in blobs.ListUploadsAsync(ct))
        {
            // Young staging may belong to a session being created right now on another node: leave it.
            if (staged.LastWrittenAt < cutoff && await metadata.FindUploadAsync(staged.UploadId, ct) is null)
            {
                await blobs.DeleteUploadAsync(staged.UploadId, ct);
                removed++;
            }
        }

        return removed + await blobs.AbortStaleWritesAsync(cutoff, ct);
    }
}
