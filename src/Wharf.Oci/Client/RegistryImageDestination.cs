using System.Collections.Concurrent;
using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>A registry repository as an <see cref="IImageDestination"/>: blobs the repository has are skipped (HEAD),
/// blobs of another repository of the same registry are mounted, others are pushed (chunked and resumable when
/// large); child manifests go up by digest and the root under the reference's tag (or digest). Nothing to commit:
/// the root manifest's PUT is what makes the image visible.</summary>
public sealed class RegistryImageDestination(ImageReference reference, RegistryClient client, bool ownsClient = false)
    : RegistryRepositoryEnd(reference, client, ownsClient), IImageDestination
{
    /// <summary>Upload sessions a refused mount opened (202), used by the push of the same blob.</summary>
    private readonly ConcurrentDictionary<Digest, UploadSession> _sessions = new();

    public bool CanStoreIndex => true;

    /// <summary>Null: a registry takes any manifest type, and converting would change the digest it is pushed by.</summary>
    public IReadOnlySet<string>? ManifestMediaTypes => null;

    public async Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct)
    {
        if (await Client.FindBlobSizeAsync(Repository, blob.Digest, ct) is not null)
        {
            return BlobReuse.Exists;
        }

        if (source is RegistryImageSource registry && SameRegistry(registry) && registry.Repository != Repository)
        {
            var mount = await Client.MountBlobAsync(Repository, blob.Digest, registry.Repository, ct);
            if (mount.Mounted)
            {
                return BlobReuse.Mounted;
            }

            if (mount.Session is { } session)
            {
                _sessions[blob.Digest] = session; // distribution-spec: a 202 to a mount is an upload session to use
            }
        }

        return BlobReuse.None;
    }

    public Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        _sessions.TryRemove(blob.Digest, out var session);
        return Client.PushBlobAsync(Repository, blob, (offset, token) => source.OpenBlobAsync(blob, offset, token), progress, session, ct);
    }

    public Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct) =>
        Client.PutManifestAsync(Repository, isRoot ? Reference.Reference!.Value : Oci.Reference.ForDigest(manifest.Digest), manifest, ct);

    public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

    private bool SameRegistry(RegistryImageSource source) =>
        Uri.Compare(source.Client.BaseAddress, Client.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
