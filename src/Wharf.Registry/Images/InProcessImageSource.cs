using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;

namespace Wharf.Registry.Images;

/// <summary>One image of this registry's own repositories as a place <see cref="ImageCopier"/> (or a build's
/// <c>FROM</c>) reads from, in process: manifests through <see cref="ManifestService"/> (the root one taken as a pull by
/// <paramref name="actor"/>), blobs through <see cref="BlobService"/>, so only what the repository links is readable. No
/// access check: the caller decided beforehand that <paramref name="actor"/> may pull <paramref name="repository"/>.</summary>
public sealed class InProcessImageSource(
    BlobService blobs, ManifestService manifests, RepositoryName repository, Reference reference, RegistryActor actor) : IImageSource
{
    public ImageReference Reference { get; } = ImageReference.ForRegistry("wharf", repository, reference);

    public async Task<ManifestContent> GetManifestAsync(CancellationToken ct) =>
        await manifests.PullAsync(repository, reference, actor, ct) is { } manifest
            ? new ManifestContent(manifest.Content, manifest.MediaType)
            : throw new ImageNotFoundException($"{repository}{(reference.IsDigest ? "@" : ":")}{reference} is not in this registry");

    public async Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        await manifests.FindAsync(repository, Oci.Reference.ForDigest(digest), ct) is { } manifest
            ? new ManifestContent(manifest.Content, manifest.MediaType)
            : throw new ImageNotFoundException($"{repository}@{digest} is not in this registry");

    public async Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        await blobs.FindAsync(repository, blob.Digest, ct) is { } linked
            ? await blobs.OpenAsync(linked, offset, ct)
            : throw new ImageNotFoundException($"{repository} has no blob {blob.Digest}");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
