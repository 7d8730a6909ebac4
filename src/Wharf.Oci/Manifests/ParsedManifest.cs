namespace Wharf.Oci.Manifests;

/// <summary>What a registry needs to know of a manifest: its kind, what it points at and what it is about.</summary>
/// <param name="MediaType">The manifest's own media type (from its body, else the request's Content-Type).</param>
/// <param name="Config">The config descriptor of an image manifest; null for an index.</param>
/// <param name="Layers">The layers of an image manifest; empty for an index.</param>
/// <param name="Manifests">The entries of an index; empty for an image manifest.</param>
/// <param name="Subject">The manifest this one refers to (referrers API), if any.</param>
/// <param name="ArtifactType">artifactType, else the config's media type for an image manifest (distribution-spec referrers rule).</param>
/// <param name="Annotations">The manifest's annotations, possibly empty.</param>
public sealed record ParsedManifest(
    string MediaType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string> Annotations)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>The blobs the registry must hold for this manifest: config and layers, except foreign layers
    /// that carry their own download URLs (Distribution does not require those to be pushed).</summary>
    public IEnumerable<Descriptor> RequiredBlobs =>
        (Config is null ? Layers : Layers.Prepend(Config)).Where(d => d.Urls is not { Count: > 0 });
}
