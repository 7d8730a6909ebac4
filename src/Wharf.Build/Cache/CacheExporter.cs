using Wharf.Build.Store;
using Wharf.Oci.Images;

namespace Wharf.Build.Cache;

/// <summary>Pushes a build's cache entries to a <c>--cache-to</c> ref once the build has succeeded: the config into the
/// <see cref="BlobCache"/>, then the cache manifest copied by <see cref="ImageCopier"/> like any image, which sends
/// only the blobs the repository lacks and puts the manifest under the tag last.</summary>
internal static class CacheExporter
{
    public static async Task ExportAsync(
        CacheExport target, IReadOnlyList<KeyedCacheEntry> entries, IBuildCacheStore store, BlobCache blobs, IBuildLog log, CancellationToken ct)
    {
        var (config, manifest) = CacheManifest.Write(entries);
        await blobs.PutAsync(config, ct);
        var layers = manifest.Parse().Layers.Count;
        await using var source = new StoredImageSource(target.Reference, manifest, blobs);
        await using var destination = await store.OpenDestinationAsync(target.Reference, ct);
        var copy = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), ct);
        log.Line($"cache: exported {entries.Count} entries and {layers} layers to {target.Reference} (mode={target.Mode.ToString().ToLowerInvariant()}): " +
            $"{copy.BlobsCopied} blobs sent ({copy.BytesCopied} bytes), {copy.BlobsReused} already there");
    }
}
