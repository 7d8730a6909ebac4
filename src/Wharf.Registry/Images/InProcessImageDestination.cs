using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Images;

/// <summary>One of this registry's own repositories as a place <see cref="ImageCopier"/> writes to, in process: blobs
/// through <see cref="UploadService"/> (hashed and verified as any push), manifests through
/// <see cref="ManifestService"/> (its rules, its push events with <paramref name="actor"/>), the root manifest under each
/// of <paramref name="tags"/>. No HTTP and no token: the caller decided beforehand that <paramref name="actor"/> may
/// push here (a build worker, on the right checked when the build was submitted).</summary>
public sealed class InProcessImageDestination(
    UploadService uploads, BlobService blobs, ManifestService manifests, RepositoryName repository, IReadOnlyList<string> tags, RegistryActor actor)
    : IImageDestination
{
    /// <summary>Names the repository for messages; the host is this registry, whatever its clients call it.</summary>
    public ImageReference Reference { get; } =
        ImageReference.ForRegistry("wharf", repository, tags.Count > 0 ? Oci.Reference.ForTag(tags[0]) : Oci.Reference.ForTag("latest"));

    public bool CanStoreIndex => true;

    public IReadOnlySet<string>? ManifestMediaTypes => null;

    public async Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        await blobs.FindAsync(repository, blob.Digest, ct) is { } linked && linked.Size == blob.Size ? BlobReuse.Exists : BlobReuse.None;

    public async Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        await using var bytes = await source.OpenBlobAsync(blob, 0, ct);
        var size = await uploads.PushMonolithicAsync(repository, blob.Digest, bytes, ct);
        if (size != blob.Size)
        {
            // The digest matched, so the descriptor is what is wrong; the manifest would be refused for it anyway.
            throw new RegistryException(OciErrorCode.SizeInvalid, $"{blob.Digest} is {size} bytes, not the {blob.Size} its descriptor says");
        }

        progress?.Report(size);
    }

    public async Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct)
    {
        if (!isRoot || tags.Count == 0)
        {
            await manifests.PutAsync(repository, Oci.Reference.ForDigest(manifest.Digest), manifest.Bytes, manifest.MediaType, actor, ct);
            return;
        }

        foreach (var tag in tags)
        {
            await manifests.PutAsync(repository, Oci.Reference.ForTag(tag), manifest.Bytes, manifest.MediaType, actor, ct);
        }
    }

    public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
