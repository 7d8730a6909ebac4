using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build.Store;

/// <summary>A built image as a source for <c>ImageCopier</c>: its manifest in memory, its config and layers read from
/// the builder's <see cref="BlobCache"/>. A build's image holds the build's <see cref="StateLease"/> until disposed, so no prune
/// removes a blob while the image is being copied (one never disposed holds it until it is finalized).</summary>
internal sealed class StoredImageSource(ImageReference reference, ManifestContent manifest, BlobCache blobs, StateLease? lease = null) : IImageSource
{
    public ImageReference Reference { get; } = reference;

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) => Task.FromResult(manifest);

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        digest == manifest.Digest ? Task.FromResult(manifest) : throw new ImageNotFoundException($"manifest {digest} is not part of this build");

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct)
    {
        var stream = blobs.Open(blob.Digest);
        stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult(stream);
    }

    public ValueTask DisposeAsync()
    {
        lease?.Dispose();
        return ValueTask.CompletedTask;
    }
}
