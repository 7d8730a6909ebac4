using System.Text.Json;
using Wharf.Build.Store;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build.Images;

/// <summary>Opens a FROM image (or a <c>COPY --from</c> image) through <see cref="IBaseImages"/>, picks the build's
/// platform from an index, and fetches its config and layers into the <see cref="BlobCache"/> (once per digest).
/// Layer media types are given their OCI names (same bytes), since the built image is an OCI image. With
/// <paramref name="confirmCached"/> (<see cref="BuilderOptions.ConfirmCachedBlobs"/>) a blob the store has is used only
/// once the source has shown it has it too. Each image resolved is recorded (touched) in <paramref name="records"/>, so a
/// prune knows its blobs and layers for a base image's.</summary>
internal sealed class BaseImageResolver(IBaseImages images, BlobCache blobs, bool confirmCached = false, BaseImageRecords? records = null)
{
    public async Task<ImageState> ResolveAsync(string name, Platform platform, CancellationToken ct)
    {
        var reference = ImageReference.Parse(name);
        await using var source = await images.OpenAsync(reference, ct);
        var manifest = await source.GetManifestAsync(ct);
        if (MediaTypes.IsIndex(manifest.MediaType))
        {
            var entry = PlatformMatcher.Find(manifest.Parse().Manifests, platform)
                ?? throw new ImageNotFoundException($"{name} has no image for {platform}");
            manifest = await source.GetManifestAsync(entry.Digest, ct);
        }

        var parsed = manifest.Parse();
        if (parsed.Config is null)
        {
            throw new ImageNotFoundException($"{name} is not an image");
        }

        await EnsureAsync(source, parsed.Config, ct);
        ImageConfig config;
        await using (var configStream = blobs.Open(parsed.Config.Digest))
        {
            config = await JsonSerializer.DeserializeAsync(configStream, BuildJson.Default.ImageConfig, ct)
                ?? throw new InvalidDataException($"{name}: the image config is empty");
        }

        if (config.RootFs.DiffIds.Count != parsed.Layers.Count)
        {
            throw new InvalidDataException($"{name}: the config lists {config.RootFs.DiffIds.Count} layers, the manifest {parsed.Layers.Count}");
        }

        var layers = new List<ImageLayer>();
        for (var i = 0; i < parsed.Layers.Count; i++)
        {
            var blob = parsed.Layers[i];
            await EnsureAsync(source, blob, ct);
            var mediaType = OciConversion.OciLayerMediaType(blob.MediaType) ?? blob.MediaType;
            layers.Add(new ImageLayer(blob with { MediaType = mediaType }, config.RootFs.DiffIds[i]));
        }

        records?.Record(manifest.Digest, new BaseImageRecord(parsed.Config.Digest, layers));
        return new ImageState(layers, config);
    }

    private async Task EnsureAsync(IImageSource source, Descriptor blob, CancellationToken ct)
    {
        if (confirmCached && blobs.Contains(blob.Digest))
        {
            // Throws as a fetch would when the source lacks the blob; the one byte is not even read.
            await using var probe = await source.OpenBlobAsync(blob, Math.Max(0, blob.Size - 1), ct);
            return;
        }

        await blobs.EnsureAsync(source, blob, ct);
    }
}
