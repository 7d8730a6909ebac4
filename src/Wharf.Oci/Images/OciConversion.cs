using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Oci.Images;

/// <summary>Converts Docker schema 2 manifests and manifest lists to OCI image manifests and indexes, for
/// destinations that hold OCI types only (<see cref="IImageDestination.ManifestMediaTypes"/>). Only media types
/// change (image-spec media-types.md's compatibility matrix), every other field is kept as it is (digests, sizes,
/// urls, annotations, unknown fields, key order), and the config and layer blobs are the same bytes: the config keeps
/// its digest, so the image ID is unchanged (skopeo re-serialises the config instead). A converted manifest has a new
/// digest, so an index pointing at converted children is rewritten too.</summary>
public static class OciConversion
{
    /// <summary>Compact, and '+' stays '+' (the default encoder writes \u002B in every media type).</summary>
    private static readonly JsonWriterOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifests a destination accepting <paramref name="accepted"/> is given, in the same order:
    /// each one unchanged when its type is accepted and none of its children changed, else converted. The list must
    /// hold children before parents (as <see cref="ImageCopier"/> collects them). <see cref="NotSupportedException"/>
    /// when a manifest can be neither kept nor converted into an accepted type.</summary>
    public static IReadOnlyList<ManifestContent> ForDestination(IReadOnlyList<ManifestContent> manifests, IReadOnlySet<string> accepted)
    {
        var converted = new Dictionary<Digest, ManifestContent>();
        var result = new List<ManifestContent>(manifests.Count);
        foreach (var manifest in manifests)
        {
            var parsed = manifest.Parse();
            var written = accepted.Contains(manifest.MediaType) && !parsed.Manifests.Any(m => converted.ContainsKey(m.Digest))
                ? manifest
                : parsed.IsIndex ? ToOciIndex(manifest, converted)
                : manifest.MediaType == MediaTypes.DockerManifest ? ToOciManifest(manifest)
                : throw new NotSupportedException($"manifest {manifest.Digest} is {manifest.MediaType}, which the destination cannot hold and Wharf cannot convert");
            if (!accepted.Contains(written.MediaType))
            {
                throw new NotSupportedException(
                    $"manifest {manifest.Digest} is {manifest.MediaType}; the destination holds only {string.Join(", ", accepted.Order(StringComparer.Ordinal))}");
            }

            if (!ReferenceEquals(written, manifest))
            {
                converted[manifest.Digest] = written;
            }

            result.Add(written);
        }

        return result;
    }

    /// <summary>A Docker schema 2 image manifest as an OCI image manifest: the Docker config type becomes the OCI
    /// config type and each layer type its OCI equivalent (<see cref="OciLayerMediaType"/>).
    /// <see cref="NotSupportedException"/> for another config type (a plugin) or a layer type without one.</summary>
    public static ManifestContent ToOciManifest(ManifestContent manifest)
    {
        var json = Object(manifest);
        json["mediaType"] = MediaTypes.OciManifest;
        if (json["config"] is JsonObject config)
        {
            config["mediaType"] = MediaType(config) switch
            {
                MediaTypes.DockerConfig or MediaTypes.OciConfig => MediaTypes.OciConfig,
                var other => throw new NotSupportedException($"manifest {manifest.Digest}: a {other} config has no OCI equivalent"),
            };
        }

        foreach (var layer in (json["layers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var type = MediaType(layer);
            layer["mediaType"] = OciLayerMediaType(type)
                ?? throw new NotSupportedException($"manifest {manifest.Digest}: the layer type {type} has no OCI equivalent");
        }

        return Write(json, MediaTypes.OciManifest);
    }

    /// <summary>A Docker manifest list (or an OCI index) as an OCI index whose entries point at
    /// <paramref name="converted"/> children (new media type, digest and size) where a child was converted. Docker's
    /// <c>platform.features</c>, reserved in image-index.md, is dropped, as containers/image does.</summary>
    public static ManifestContent ToOciIndex(ManifestContent index, IReadOnlyDictionary<Digest, ManifestContent> converted)
    {
        var json = Object(index);
        json["mediaType"] = MediaTypes.OciIndex;
        foreach (var entry in (json["manifests"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Digest.TryParse((string?)entry["digest"], out var digest) && converted.TryGetValue(digest, out var child))
            {
                entry["mediaType"] = child.MediaType;
                entry["digest"] = child.Digest.ToString();
                entry["size"] = child.Bytes.Length;
            }

            (entry["platform"] as JsonObject)?.Remove("features");
        }

        return Write(json, MediaTypes.OciIndex);
    }

    /// <summary>The OCI layer type for a Docker one (an OCI layer type is its own), or null when there is none.</summary>
    public static string? OciLayerMediaType(string mediaType) => mediaType switch
    {
        MediaTypes.DockerLayerGzip => MediaTypes.OciLayerGzip,
        MediaTypes.DockerLayerTar => MediaTypes.OciLayerTar,
        MediaTypes.DockerLayerZstd => MediaTypes.OciLayerZstd,
        MediaTypes.DockerForeignLayerGzip => MediaTypes.OciLayerNonDistributableGzip,
        MediaTypes.DockerForeignLayerTar => MediaTypes.OciLayerNonDistributableTar,
        _ when mediaType.StartsWith("application/vnd.oci.image.layer.", StringComparison.Ordinal) => mediaType,
        _ => null,
    };

    private static JsonObject Object(ManifestContent manifest) =>
        JsonNode.Parse(manifest.Bytes) as JsonObject ?? throw new InvalidDataException($"manifest {manifest.Digest} is not a JSON object");

    private static string MediaType(JsonObject descriptor) =>
        descriptor["mediaType"] is JsonValue value && value.TryGetValue(out string? type) ? type : "(no media type)";

    private static ManifestContent Write(JsonObject json, string mediaType)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Output))
        {
            json.WriteTo(writer);
        }

        var converted = new ManifestContent(buffer.ToArray(), mediaType);
        converted.Parse(); // what is written must read back as the type it claims
        return converted;
    }
}
