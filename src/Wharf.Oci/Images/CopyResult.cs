namespace Wharf.Oci.Images;

/// <summary>What a copy did. <paramref name="Manifest"/> is the digest of the manifest the destination reference now
/// names: the source's, unless a platform was picked out of an index or the manifest was converted for a destination
/// that holds other types (<see cref="IImageDestination.ManifestMediaTypes"/>).</summary>
public sealed record CopyResult(Digest Manifest, int BlobsCopied, int BlobsReused, long BytesCopied);
