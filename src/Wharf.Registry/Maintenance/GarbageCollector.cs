using System.Diagnostics;
using Wharf.Oci;
using Wharf.Registry.Diagnostics;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Maintenance;

/// <summary>Removes blobs nothing needs, while the registry keeps serving pushes and pulls (decision 005):
/// <list type="number">
/// <item>finishes deletions an earlier run left halfway, once their lease is over (<see cref="BlobDeletionLease"/>);</item>
/// <item>unlinks blobs from repositories none of whose manifests name them, once the link is older than the grace
/// period (a client pushes layers first and the manifest last, so a young unreferenced link is a push in progress);</item>
/// <item>deletes the bytes of every stored blob that no repository links, no manifest names and no upload is
/// completing under, each behind a deletion record that stops an upload of the same digest from racing it.</item>
/// </list>
/// Safe to run on several nodes at once, and to stop at any point.</summary>
/// <param name="log">Where each run is recorded (the storage page's history); null records nothing.</param>
public sealed class GarbageCollector(IBlobStore blobs, IMetadataStore metadata, TimeProvider time, SqlGarbageCollectionLog? log = null)
{
    private const int BatchSize = 500;

    public async Task<GarbageCollectionReport> CollectAsync(TimeSpan linkGracePeriod, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var links = 0;
        var freed = new List<long>();
        var outcome = "failed";
        try
        {
            // Only deletions whose lease is over (a younger one belongs to a collector still at work), each taken over
            // first, so that two collectors finding the same one do not both delete.
            foreach (var digest in await metadata.ListBlobDeletionsAsync(time.GetUtcNow() - BlobDeletionLease.Duration, ct))
            {
                if (await metadata.BeginBlobDeletionAsync(digest, ct))
                {
                    await DeleteBytesAsync(digest);
                    await metadata.EndBlobDeletionAsync(digest, CancellationToken.None);
                }
            }

            links = await metadata.DeleteUnreferencedBlobLinksAsync(time.GetUtcNow() - linkGracePeriod, ct);

            var batch = new List<Digest>(BatchSize);
            await foreach (var digest in blobs.ListAsync(ct))
            {
                batch.Add(digest);
                if (batch.Count == BatchSize)
                {
                    await DeleteUnreferencedAsync(batch, freed, ct);
                    batch.Clear();
                }
            }

            await DeleteUnreferencedAsync(batch, freed, ct);
            outcome = "completed";
            return new GarbageCollectionReport(links, freed.Count, freed.Sum());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            // A stopped or failed run still freed what it deleted before it stopped.
            RegistryMetrics.GarbageCollection(outcome, started, links, freed.Count, freed.Sum());
            await RecordAsync(new GarbageCollectionRun(startedAt, time.GetUtcNow(), outcome, links, freed.Count, freed.Sum()));
        }
    }

    /// <summary>Records the run; a failure to record it (the database gone away) does not change the run's outcome.</summary>
    private async Task RecordAsync(GarbageCollectionRun run)
    {
        if (log is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await log.RecordAsync(run, timeout.Token);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or TimeoutException)
        {
            // The run's metrics above still count it.
        }
    }

    /// <summary>Deletes those of <paramref name="digests"/> nothing references, adding each one's size to <paramref name="freed"/>.</summary>
    private async Task DeleteUnreferencedAsync(List<Digest> digests, List<long> freed, CancellationToken ct)
    {
        foreach (var digest in await metadata.FindUnreferencedBlobsAsync(digests, ct))
        {
            var size = await blobs.StatAsync(digest, ct) ?? 0;
            if (!await metadata.BeginBlobDeletionAsync(digest, ct))
            {
                continue; // referenced since the batch was checked
            }

            if (await DeleteBytesAsync(digest))
            {
                freed.Add(size);
            }

            await metadata.EndBlobDeletionAsync(digest, CancellationToken.None);
        }
    }

    /// <summary>Not cancelled with the run, so a begun deletion is finished; but bounded, so it is over long before its
    /// lease is (<see cref="BlobDeletionLease"/>). One that times out throws, and its row is finished once the lease is
    /// over, by whichever collector or upload comes first.</summary>
    private async Task<bool> DeleteBytesAsync(Digest digest)
    {
        using var timeout = new CancellationTokenSource(BlobDeletionLease.DeleteTimeout);
        return await blobs.DeleteAsync(digest, timeout.Token);
    }
}
