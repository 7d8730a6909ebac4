using System.Runtime.ExceptionServices;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Images;

/// <summary>Copies the image a source names to a destination: every blob the destination lacks (concurrently, each
/// streamed and verified), then child manifests, then the root manifest byte for byte (so its digest is kept), then
/// the destination's commit. An index is copied whole unless a platform is asked for or the destination holds one
/// image only. A destination that holds only some manifest types gets them converted
/// (<see cref="IImageDestination.ManifestMediaTypes"/>): then the root's digest is the converted one.</summary>
public sealed class ImageCopier(ICopyProgress? progress = null)
{
    public async Task<CopyResult> CopyAsync(IImageSource source, IImageDestination destination, CopyOptions options, CancellationToken ct)
    {
        var root = await source.GetManifestAsync(ct);
        var parsed = root.Parse();
        if (parsed.IsIndex && (options.Platform is not null || !destination.CanStoreIndex))
        {
            root = await ImageResolver.ResolveAsync(source, root, options.Platform, ct);
            parsed = root.Parse();
        }

        // Every manifest under the root, children before parents, each once; the root comes last.
        var manifests = new List<(ManifestContent Content, ParsedManifest Parsed)>();
        await CollectAsync(source, root, parsed, manifests, ct);
        var blobs = manifests.SelectMany(m => m.Parsed.RequiredBlobs).DistinctBy(b => b.Digest).ToList();

        // Converted before any blob moves, so that a manifest the destination cannot take fails the copy at once.
        // Conversion changes manifests only: the blobs are the same.
        IReadOnlyList<ManifestContent> written = [.. manifests.Select(m => m.Content)];
        if (destination.ManifestMediaTypes is { } accepted)
        {
            written = OciConversion.ForDestination(written, accepted);
            if (options.PreserveDigests && written[^1].Digest != root.Digest)
            {
                throw new NotSupportedException(
                    $"{destination.Reference} holds only {string.Join(" and ", accepted.Order(StringComparer.Ordinal))} manifests; converting {root.MediaType} changes its digest, which --preserve-digests forbids");
            }
        }

        var counts = await CopyBlobsAsync(source, destination, blobs, Math.Max(1, options.Concurrency), ct);
        for (var i = 0; i < written.Count; i++)
        {
            await destination.PutManifestAsync(written[i], isRoot: i == written.Count - 1, ct);
            progress?.ManifestWritten(written[i]);
        }

        await destination.CommitAsync(ct);
        return new CopyResult(written[^1].Digest, counts.Copied, counts.Reused, counts.Bytes);
    }

    /// <summary>Up to <paramref name="concurrency"/> blobs at a time, started in list order: each blob's reuse check and
    /// put begin before the next blob's, so a destination that writes blobs one after another in the order their puts
    /// begin (a docker archive) writes the same image the same way every time. The first failure cancels the rest and
    /// is what the copy throws.</summary>
    private async Task<(int Copied, int Reused, long Bytes)> CopyBlobsAsync(
        IImageSource source, IImageDestination destination, List<Descriptor> blobs, int concurrency, CancellationToken ct)
    {
        var copied = 0;
        var reused = 0;
        var bytes = 0L;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>(blobs.Count);
        foreach (var blob in blobs)
        {
            try
            {
                await slots.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            running.Add(CopyOneAsync(blob, stop.Token));
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        ct.ThrowIfCancellationRequested();
        return (copied, reused, bytes);

        async Task CopyOneAsync(Descriptor blob, CancellationToken token)
        {
            try
            {
                progress?.BlobStarted(blob);
                var reuse = await destination.TryReuseBlobAsync(blob, source, token);
                if (reuse == BlobReuse.None)
                {
                    var report = progress is null ? null : new Progress(progress, blob);
                    await destination.PutBlobAsync(blob, source, report, token);
                    Interlocked.Increment(ref copied);
                    Interlocked.Add(ref bytes, blob.Size);
                }
                else
                {
                    Interlocked.Increment(ref reused);
                }

                progress?.BlobFinished(blob, reuse);
            }
            catch (Exception e)
            {
                // The first failure wins; the cancellations it causes in the other blobs are not news.
                Interlocked.CompareExchange(ref failure, e, null);
                await stop.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static async Task CollectAsync(
        IImageSource source, ManifestContent manifest, ParsedManifest parsed, List<(ManifestContent, ParsedManifest)> into, CancellationToken ct)
    {
        foreach (var child in parsed.Manifests.DistinctBy(d => d.Digest))
        {
            if (into.Any(m => m.Item1.Digest == child.Digest))
            {
                continue;
            }

            var content = await source.GetManifestAsync(child.Digest, ct);
            await CollectAsync(source, content, content.Parse(), into, ct);
        }

        into.Add((manifest, parsed));
    }

    /// <summary>Forwards byte counts synchronously (System.Progress would post them to a thread pool, out of order).</summary>
    private sealed class Progress(ICopyProgress progress, Descriptor blob) : IProgress<long>
    {
        public void Report(long value) => progress.BlobAdvanced(blob, value);
    }
}
