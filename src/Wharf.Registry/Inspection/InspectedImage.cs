using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Inspection;

/// <summary>What the web UI's tag page (and the API) shows of one manifest: for an index its platforms, for an image
/// its configuration, its layers and the steps that made them; for both the manifest itself and its referrers.</summary>
/// <param name="CompressedSize">What a pull of everything moves: for an image its config and layers; for an index the
/// distinct blobs of all its children (a layer two platforms share counts once).</param>
public sealed record InspectedImage(
    Digest Digest,
    string MediaType,
    string ManifestJson,
    long CompressedSize,
    IReadOnlyList<InspectedPlatform> Platforms,
    InspectedConfig? Config,
    IReadOnlyList<InspectedLayer> Layers,
    IReadOnlyList<InspectedStep> Steps,
    IReadOnlyList<Referrer> Referrers)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>The layers' decompressed sizes added up; null while one of them is not measured yet.</summary>
    public long? UncompressedSize => Layers.All(l => l.UncompressedSize >= 0) ? Layers.Sum(l => l.UncompressedSize!.Value) : null;
}

/// <summary>One entry of an index.</summary>
/// <param name="Platform">Null for an entry without one.</param>
/// <param name="IsAttestation">An entry BuildKit adds for provenance or an SBOM (platform unknown/unknown), not an image to run.</param>
/// <param name="CompressedSize">Its config and layers; null when the child is not in the repository.</param>
public sealed record InspectedPlatform(Platform? Platform, Digest Digest, string MediaType, bool IsAttestation, long? CompressedSize);

/// <param name="UncompressedSize">Null until measured (seconds after the push); -1 when the blob is not what it claims.</param>
/// <param name="Step">The instruction that made the layer, from the config's history; null when the history does not say.</param>
public sealed record InspectedLayer(Digest Digest, string MediaType, long CompressedSize, long? UncompressedSize, string? Step);

/// <summary>One entry of the config's history: the Dockerfile line it was, and the index of the layer it made (null for
/// a step that made none: ENV, CMD, LABEL …).</summary>
public sealed record InspectedStep(string Instruction, int? Layer, string? Created, string? Comment);
