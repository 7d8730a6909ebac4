namespace Wharf.Oci.Images;

/// <summary>Where an image is read from: a registry repository, an OCI image layout, an OCI or docker archive.
/// One source is opened for one <see cref="ImageReference"/>.</summary>
public interface IImageSource : IAsyncDisposable
{
    /// <summary>The reference this source was opened for, for messages and mounts.</summary>
    ImageReference Reference { get; }

    /// <summary>The manifest the reference names: an image manifest or an index. Throws
    /// <see cref="ImageNotFoundException"/> when there is none.</summary>
    Task<ManifestContent> GetManifestAsync(CancellationToken ct);

    /// <summary>A manifest of this source by digest (an entry of the index <see cref="GetManifestAsync(CancellationToken)"/>
    /// returned). Throws <see cref="ImageNotFoundException"/> when there is none.</summary>
    Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct);

    /// <summary>Opens a blob for reading from <paramref name="offset"/> (non-zero when a destination resumes an
    /// interrupted transfer). The stream is not verified: destinations check the digest (a registry on its side,
    /// files with a <see cref="VerifyingReadStream"/>). Throws <see cref="ImageNotFoundException"/> when the blob is absent.</summary>
    Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct);
}
