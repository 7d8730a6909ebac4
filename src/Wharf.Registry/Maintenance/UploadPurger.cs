using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Maintenance;

/// <summary>Removes abandoned uploads: sessions older than the cut-off with their staged bytes, and staged
/// bytes that no session owns (left by a crash between staging and recording, or by a lost session row).</summary>
public sealed class UploadPurger(IBlobStore blobs, IMetadataStore metadata, UploadHashCache hashes, TimeProvider time)
{
    /// <summary>Returns how many uploads were removed.</summary>
    public async Task<int> PurgeAsync(TimeSpan maxAge, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - maxAge;
        var removed = 0;
        foreach (var session in await metadata.ListUploadsStartedBeforeAsync(cutoff, ct))
        {
            hashes.Forget(session.Id);
            await blobs.DeleteUploadAsync(session.Id, ct);
            await metadata.DeleteUploadAsync(session.Id, ct);
            removed++;
        }

        await foreach (var id in blobs.ListUploadsAsync(ct))
        {
            // A young staging file may belong to a session being created right now on another node: leave it.
            if (await metadata.FindUploadAsync(id, ct) is null && await blobs.GetUploadAgeAsync(id, ct) > maxAge)
            {
                await blobs.DeleteUploadAsync(id, ct);
                removed++;
            }
        }

        return removed;
    }
}
