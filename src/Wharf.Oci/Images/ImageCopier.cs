using Wharf.Oci.Manifests;

namespace Wharf.Oci.Images;

/// <summary>Copies the image a source names to a destination: every blob the destination lacks (concurrently, each
/// streamed and verified), then child manifests, then the root manifest byte for byte (so its digest is kept), then
/// the destination's commit. An index is copied whole unless a platform is asked for or the destination holds one
/// image only.</summary>
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

        // Every manifest under the root, children before parents, each once.
        var manifests = new List<(ManifestContent Content, ParsedManifest Parsed)>();
        await CollectAsync(source, root, parsed, manifests, ct);
        var blobs = manifests.SelectMany(m => m.Parsed.RequiredBlobs).DistinctBy(b => b.Digest).ToList();

        var copied = 0;
        var reused = 0;
        var bytes = 0L;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = ct }, async (blob, token) =>
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
        });

        foreach (var (content, _) in manifests)
        {
            var isRoot = ReferenceEquals(content, root);
            await destination.PutManifestAsync(content, isRoot, ct);
            progress?.ManifestWritten(content);
        }

        await destination.CommitAsync(ct);
        return new CopyResult(root.Digest, copied, reused, bytes);
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
