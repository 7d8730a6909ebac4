using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>A finished build: the image manifest and its digest, and a source that reads the image (manifest,
/// config, layers) from the builder's local store, for <c>ImageCopier</c> to copy wherever the caller wants it.</summary>
public sealed record BuildResult(ManifestContent Manifest, Digest ConfigDigest, IImageSource Image)
{
    public Digest ManifestDigest => Manifest.Digest;
}
