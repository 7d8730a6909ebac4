using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Blobs;

/// <summary>Blobs as a repository offers them: where "a repository serves only the blobs it links" and "deletes can be
/// turned off" are enforced, for every front end. Bytes come from the <see cref="IBlobStore"/>, which knows no
/// repositories; uploads are <c>UploadService</c>'s.</summary>
public sealed class BlobService(IBlobStore blobs, IMetadataStore metadata, RegistryPolicy policy, IRegistryEvents events)
{
    /// <summary>The blob if <paramref name="repository"/> links it; null otherwise, even when another repository's
    /// blob of that digest is stored (a repository must not reveal what others hold).</summary>
    public async Task<LinkedBlob?> FindAsync(RepositoryName repository, Digest digest, CancellationToken ct) =>
        await metadata.FindBlobLinkAsync(repository.Value, digest, ct) is { } size ? new LinkedBlob(repository.Value, digest, size) : null;

    /// <summary>A URL the client may fetch the bytes from directly (an S3 presigned URL), or null when they are served
    /// from here (<see cref="OpenAsync"/>).</summary>
    public Task<Uri?> FindDownloadUrlAsync(LinkedBlob blob, CancellationToken ct) => blobs.FindDownloadUrlAsync(blob.Digest, ct);

    /// <summary>The bytes from <paramref name="offset"/>; BLOB_UNKNOWN when the link outlived them (which garbage
    /// collection never lets happen, but a hand-edited store might).</summary>
    public async Task<Stream> OpenAsync(LinkedBlob blob, long offset, CancellationToken ct) =>
        await blobs.OpenReadAsync(blob.Digest, offset, ct)
        ?? throw new RegistryException(OciErrorCode.BlobUnknown, $"{blob.Digest} is linked but missing from storage");

    /// <summary>Unlinks the blob from the repository: the delete a repository can make (decision 003); its bytes go when
    /// garbage collection finds no link or manifest left. UNSUPPORTED when deletes are off, BLOB_UNKNOWN when not linked.</summary>
    public async Task DeleteAsync(RepositoryName repository, Digest digest, RegistryActor actor, CancellationToken ct)
    {
        policy.RequireDeletes();
        if (!await metadata.UnlinkBlobAsync(repository.Value, digest, ct))
        {
            throw new RegistryException(OciErrorCode.BlobUnknown, $"{repository} has no blob {digest}");
        }

        events.Record(new RegistryEvent(AuditActions.Delete, repository.Value, digest.ToString(), null, actor));
    }
}
