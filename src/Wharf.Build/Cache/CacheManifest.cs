using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Manifests;

namespace Wharf.Build.Cache;

/// <summary>The build cache as an OCI artifact (decision 019): an image manifest with <c>artifactType</c>
/// <see cref="ConfigMediaType"/>, the <see cref="CacheConfig"/> as its config and every entry's layer blob as its
/// layers — the very blobs of the images built, so a registry holding the image holds most of the cache already.</summary>
internal static class CacheManifest
{
    public const string ConfigMediaType = "application/vnd.wharf.build.cache.v1+json";

    /// <summary>The config is read whole into memory, so it is held to a manifest's limit (about 18,000 entries).</summary>
    public const int MaxConfigBytes = ManifestParser.MaxManifestBytes;

    /// <summary>The config and manifest for <paramref name="entries"/>. Entries are sorted by key and layers by
    /// digest, so the same entries always give the same manifest digest (re-exporting an unchanged cache changes
    /// nothing in the registry).</summary>
    public static (byte[] Config, ManifestContent Manifest) Write(IEnumerable<KeyedCacheEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var config = JsonSerializer.SerializeToUtf8Bytes(
            new CacheConfig([.. sorted.Select(e => new CacheConfigEntry(e.Key, e.Layer is null ? null : CacheConfigLayer.Of(e.Layer), e.Layer is null ? null : e.Epoch))]),
            BuildJson.Default.CacheConfig);
        var layers = sorted.Select(e => e.Layer?.Blob).OfType<Descriptor>()
            .DistinctBy(d => d.Digest).OrderBy(d => d.Digest.ToString(), StringComparer.Ordinal)
            .Select(d => new Descriptor { MediaType = d.MediaType, Digest = d.Digest, Size = d.Size }).ToList();
        var manifest = new CacheImageManifest(2, MediaTypes.OciManifest, ConfigMediaType,
            new Descriptor { MediaType = ConfigMediaType, Digest = Digest.Compute(config), Size = config.Length }, layers);
        return (config, new ManifestContent(JsonSerializer.SerializeToUtf8Bytes(manifest, BuildJson.Default.CacheImageManifest), MediaTypes.OciManifest));
    }

    /// <summary>The entries of the cache manifest <paramref name="manifest"/> of <paramref name="source"/>, its config
    /// read and verified against its digest. Entries whose key is not a <see cref="CacheKey"/>, or whose layer is not one
    /// of the manifest's, are left out.
    /// <see cref="InvalidDataException"/> when the manifest is not a Wharf build cache or its config is unreadable.</summary>
    public static async Task<IReadOnlyList<CacheConfigEntry>> ReadAsync(IImageSource source, ManifestContent manifest, CancellationToken ct)
    {
        var parsed = manifest.Parse();
        if (parsed.MediaType != MediaTypes.OciManifest || parsed.Config is not { MediaType: ConfigMediaType } descriptor)
        {
            throw new InvalidDataException($"it is not a Wharf build cache (a {parsed.ArtifactType ?? parsed.MediaType})");
        }

        if (descriptor.Size > MaxConfigBytes)
        {
            throw new InvalidDataException($"its config is {descriptor.Size} bytes, more than the {MaxConfigBytes} a build reads");
        }

        using var buffer = new MemoryStream((int)descriptor.Size);
        await using (var config = new VerifyingReadStream(await source.OpenBlobAsync(descriptor, 0, ct), descriptor))
        {
            await config.CopyToAsync(buffer, ct);
        }

        try
        {
            var cache = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), BuildJson.Default.CacheConfig);
            var layers = parsed.Layers.Select(l => l.Digest).ToHashSet();
            return [.. (cache?.Entries ?? []).Where(e => IsUsable(e, layers))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"its config is not a build cache config: {e.Message}", e);
        }
    }

    /// <summary>JSON leaves out what it lacks: an entry is used only with a key this builder makes and, when it has a
    /// layer, every field of it, and that layer one of the manifest's: the registry holds a manifest's layers in its
    /// repository, while the config alone could name any digest — one a shared builder's store may hold for someone else.</summary>
    private static bool IsUsable(CacheConfigEntry? entry, HashSet<Digest> layers) =>
        entry is not null && CacheKey.IsKey(entry.Key) && (entry.Layer is null
            || entry.Layer is { MediaType: not null, Size: >= 0 } layer && layer.Digest.Algorithm is not null && layer.DiffId.Algorithm is not null
                && layers.Contains(layer.Digest));
}
