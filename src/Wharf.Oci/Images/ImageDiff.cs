using System.Text.Json.Serialization;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Images;

/// <summary>The layer economics of going from image A to image B, as a registry sees them: which of B's layers a
/// host holding A already has, and how many bytes it downloads to get B (B's config and its new layers) against
/// the full size of B. Layers are compared by digest, exactly as a pull decides what to fetch.
/// The JSON form (camelCase) is what <c>GET /api/v1/diff</c> answers and <c>wharf diff --json</c> prints.</summary>
public sealed record ImageDiff(
    [property: JsonPropertyName("from")] Digest From,
    [property: JsonPropertyName("to")] Digest To,
    [property: JsonPropertyName("layers")] IReadOnlyList<LayerChange> Layers,
    [property: JsonPropertyName("downloadBytes")] long DownloadBytes,
    [property: JsonPropertyName("totalBytes")] long TotalBytes)
{
    /// <summary>Bytes of B a host holding A already has.</summary>
    [JsonPropertyName("sharedBytes")]
    public long SharedBytes => TotalBytes - DownloadBytes;

    /// <summary>Compares two image manifests (not indexes: pick a platform first).</summary>
    public static ImageDiff Compare(ManifestContent from, ManifestContent to)
    {
        var a = ImageOf(from);
        var b = ImageOf(to);
        var held = a.Layers.Select(l => l.Digest).Append(a.Config!.Digest).ToHashSet();
        var layers = b.Layers.Select(l => new LayerChange(l, held.Contains(l.Digest))).ToList();
        // A layer listed twice in B is downloaded once.
        var download = layers.Where(l => !l.Shared).DistinctBy(l => l.Layer.Digest).Sum(l => l.Layer.Size)
            + (held.Contains(b.Config!.Digest) ? 0 : b.Config.Size);
        var total = b.Layers.DistinctBy(l => l.Digest).Sum(l => l.Size) + b.Config.Size;
        return new ImageDiff(from.Digest, to.Digest, layers, download, total);
    }

    private static ParsedManifest ImageOf(ManifestContent manifest)
    {
        var parsed = manifest.Parse();
        return parsed.Config is null
            ? throw new ArgumentException($"{manifest.Digest} is an index, not an image: choose a platform first", nameof(manifest))
            : parsed;
    }
}
