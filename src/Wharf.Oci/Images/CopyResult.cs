namespace Wharf.Oci.Images;

/// <summary>What a copy did. <paramref name="Manifest"/> is the digest of the manifest the destination reference now
/// names (equal to the source's unless a platform was picked out of an index).</summary>
public sealed record CopyResult(Digest Manifest, int BlobsCopied, int BlobsReused, long BytesCopied);
