namespace Wharf.Oci.Images;

/// <summary>Where an image is written: a registry repository, an OCI image layout, an OCI or docker archive.
/// Blobs first, then child manifests, then the root manifest, then <see cref="CommitAsync"/>; nothing a
/// destination shows as an image (a tag, an index.json entry, an archive's manifest.json) exists before commit.</summary>
public interface IImageDestination : IAsyncDisposable
{
    ImageReference Reference { get; }

    /// <summary>False for a destination that holds a single image only (a docker archive): the copier then picks one
    /// platform of an index.</summary>
    bool CanStoreIndex { get; }

    /// <summary>The manifest media types the destination can hold, or null for any. The copier converts a manifest of
    /// another type before anything is written (<see cref="OciConversion"/>: Docker schema 2 → OCI, blobs unchanged,
    /// manifest digests new) and fails with <see cref="NotSupportedException"/> when it cannot; an OCI layout lists
    /// OCI types only, since skopeo looks a tag up in index.json among OCI manifests.</summary>
    IReadOnlySet<string>? ManifestMediaTypes { get; }

    /// <summary>Whether the destination already holds the blob (<see cref="BlobReuse.Exists"/>) or obtained it
    /// without a transfer (<see cref="BlobReuse.Mounted"/>: a registry mounting it from <paramref name="source"/> on
    /// the same host). <see cref="BlobReuse.None"/> means <see cref="PutBlobAsync"/> must follow.</summary>
    Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct);

    /// <summary>Copies a blob from <paramref name="source"/>, reporting the bytes transferred so far to
    /// <paramref name="progress"/>. Verifies the digest and size (itself, or by the registry's own check) and keeps
    /// nothing when they do not match (DIGEST_INVALID as a <see cref="Errors.RegistryException"/>). May open the
    /// source again at an offset to resume after an interruption. Idempotent. The copier has several puts running at
    /// once and begins them in manifest order (config, then layers), so a destination that must write one blob at a
    /// time can keep that order (<see cref="Layout.DockerArchiveDestination"/>).</summary>
    Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct);

    /// <summary>Writes a manifest; <paramref name="isRoot"/> marks the one the reference names (a registry tags it,
    /// a layout lists it in index.json), written after all its children.</summary>
    Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct);

    /// <summary>Makes what was written visible as one image (a layout's index.json, an archive's closing entries).
    /// Registries have nothing left to do.</summary>
    Task CommitAsync(CancellationToken ct);
}
