using Wharf.Oci;

namespace Wharf.Build.Layers;

/// <summary>A layer as written: its diffID (sha256 of the uncompressed tar, what an image config's rootfs lists), its
/// digest and size (of the bytes written to the destination, what a manifest's descriptor names), the tar's size, the
/// OCI media type for its compression, and what went into it.</summary>
public sealed record WrittenLayer(
    Digest DiffId,
    Digest Digest,
    long Size,
    long UncompressedSize,
    string MediaType,
    IReadOnlyList<LayerRecord> Records);
