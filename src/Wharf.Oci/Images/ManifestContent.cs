using Wharf.Oci.Manifests;

namespace Wharf.Oci.Images;

/// <summary>A manifest exactly as stored (its bytes are its identity) with its media type.</summary>
public sealed record ManifestContent(byte[] Bytes, string MediaType)
{
    public Digest Digest { get; } = Digest.Compute(Bytes);

    /// <summary>The descriptor an index or a layout's index.json uses to point at this manifest.</summary>
    public Descriptor Descriptor(Platform? platform = null) =>
        new() { MediaType = MediaType, Digest = Digest, Size = Bytes.Length, Platform = platform };

    /// <summary>Parses the bytes (MANIFEST_INVALID as a <see cref="Errors.RegistryException"/> when they are not a manifest).</summary>
    public ParsedManifest Parse() => ManifestParser.Parse(Bytes, MediaType);
}
