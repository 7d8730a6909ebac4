using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>A finished build: the image manifest and its digest, and a source that reads the image (manifest,
/// config, layers) from the builder's local store, for <c>ImageCopier</c> to copy wherever the caller wants it.</summary>
public sealed record BuildResult(ManifestContent Manifest, Digest ConfigDigest, IImageSource Image)
{
    /// <summary>The layering and pinning advice for this build: the Dockerfile's (as <c>wharf lint</c> gives it) and
    /// what its real layers show (bytes a later layer deletes, package caches left in the image).</summary>
    public IReadOnlyList<Lint.Advice> Advice { get; init; } = [];

    public Digest ManifestDigest => Manifest.Digest;
}
