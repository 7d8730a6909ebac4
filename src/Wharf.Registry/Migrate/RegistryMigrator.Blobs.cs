using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Wharf.Oci;

namespace Wharf.Registry.Migrate;

/// <summary>The blob half of <see cref="RegistryMigrator"/>: every blob the source's store lists, then (from the tables'
/// snapshot) any it missed, each through <see cref="BlobCopier"/>, <see cref="MigrationOptions.Concurrency"/> at once.</summary>
public sealed partial class RegistryMigrator
{
    private async Task<BlobTally> CopyListedBlobsAsync(CancellationToken ct)
    {
        // Listed first, so the display knows how many there are; a digest is about a hundred bytes.
        var digests = new List<Digest>();
        await foreach (var digest in source.Blobs.ListAsync(ct))
        {
            digests.Add(digest);
        }

        progress.BlobsListed(digests.Count);
        var tally = new BlobTally();
        await CopyEachAsync(digests, tally, mustExist: false, ct);
        return tally;
    }

    /// <summary>Copies <paramref name="digests"/>; the first failure stops the others and is thrown. With
    /// <paramref name="mustExist"/>, a blob the source's store does not have is a failure (the source's tables name it).</summary>
    private async Task CopyEachAsync(List<Digest> digests, BlobTally tally, bool mustExist, CancellationToken ct)
    {
        var copier = new BlobCopier(source.Blobs, target.Blobs, progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = -1;
        Exception? failure = null;

        async Task WorkAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < digests.Count && !stop.IsCancellationRequested; i = Interlocked.Increment(ref next))
            {
                var digest = digests[i];
                try
                {
                    var (outcome, size) = await copier.CopyAsync(digest, stop.Token);
                    if (outcome == BlobCopyOutcome.Vanished && mustExist)
                    {
                        throw new MigrationException(
                            $"blob {digest} is named by the source's tables but missing from its blob store, {source.BlobStoreName} (is that " +
                            "where the source keeps its blobs? deleted while the copy ran? run migrate again; if it stays missing, the source has lost it)");
                    }

                    tally.Add(digest, outcome, size);
                    progress.BlobFinished(digest, size, outcome);
                }
                catch (Exception e)
                {
                    // The first failure wins; the cancellations it causes in the other workers are not news.
                    Interlocked.CompareExchange(ref failure, e, null);
                    await stop.CancelAsync();
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>What the blob copies came to, and which digests the target now has.</summary>
    private sealed class BlobTally
    {
        private readonly ConcurrentDictionary<Digest, byte> _inTarget = new();
        private int _copied;
        private int _present;
        private long _bytesCopied;

        public int Copied => _copied;

        public int Present => _present;

        public long BytesCopied => Interlocked.Read(ref _bytesCopied);

        public bool InTarget(Digest digest) => _inTarget.ContainsKey(digest);

        public void Add(Digest digest, BlobCopyOutcome outcome, long size)
        {
            switch (outcome)
            {
                case BlobCopyOutcome.Copied:
                    Interlocked.Increment(ref _copied);
                    Interlocked.Add(ref _bytesCopied, size);
                    _inTarget[digest] = 0;
                    break;
                case BlobCopyOutcome.Present:
                    Interlocked.Increment(ref _present);
                    _inTarget[digest] = 0;
                    break;
            }
        }
    }
}
