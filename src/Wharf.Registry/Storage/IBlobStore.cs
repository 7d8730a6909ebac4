using Wharf.Oci;

namespace Wharf.Registry.Storage;

/// <summary>Content-addressed bytes. Knows no repositories, tags or HTTP: a blob is its digest.
/// An upload is staged as parts, each written once under a fresh name; which parts make up the upload, in which
/// order, is recorded by the caller (the metadata store decides it, decision 009). Verified content is committed
/// into place under its digest from the parts it is made of. Every implementation passes BlobStoreContract.</summary>
public interface IBlobStore
{
    /// <summary>The size of the stored blob, or null when it is absent.</summary>
    Task<long?> StatAsync(Digest digest, CancellationToken ct);

    /// <summary>Opens the blob for reading from <paramref name="offset"/>; null when it is absent.</summary>
    Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct);

    /// <summary>A URL a client may download the blob from directly (an S3 presigned URL), or null when this
    /// backend serves the bytes itself.</summary>
    Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct);

    /// <summary>Removes the blob; false when it was already absent. Idempotent.</summary>
    Task<bool> DeleteAsync(Digest digest, CancellationToken ct);

    /// <summary>Every stored blob, for garbage collection.</summary>
    IAsyncEnumerable<Digest> ListAsync(CancellationToken ct);

    /// <summary>Writes all of <paramref name="data"/> as a new part of the upload, under a name no other part has,
    /// and returns it. Nothing else sees the part until it is named to <see cref="OpenPartsAsync"/> or
    /// <see cref="CommitPartsAsync"/>. A write that fails leaves no part behind, or at worst one under the upload's
    /// staging that <see cref="DeleteUploadAsync"/> removes. BLOB_UPLOAD_UNKNOWN for an id that is not an upload id.</summary>
    Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct);

    /// <summary>Removes one part (a part whose append lost the race for its offset). Idempotent.</summary>
    Task DeletePartAsync(string uploadId, string partId, CancellationToken ct);

    /// <summary>Opens the concatenation of <paramref name="parts"/> for reading (re-hashing an upload this process
    /// did not see from its start). Reading fails with BLOB_UPLOAD_UNKNOWN when a part is gone.</summary>
    Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct);

    /// <summary>Makes the concatenation of <paramref name="parts"/> durable and visible as <paramref name="digest"/>,
    /// atomically: readers see no blob or the whole blob. The caller has verified the digest. Idempotent: when the blob
    /// exists already nothing is written, and committing the same digest from several places at once is harmless.
    /// Does not remove the staging (<see cref="DeleteUploadAsync"/> does), though a backend may move a part into place.
    /// BLOB_UPLOAD_UNKNOWN when a part is gone and the blob is not there.</summary>
    Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct);

    /// <summary>Removes every staged byte of an upload, recorded parts or not; a no-op when there are none. Idempotent.</summary>
    Task DeleteUploadAsync(string uploadId, CancellationToken ct);

    /// <summary>Uploads that have staged bytes, for purging abandoned ones.</summary>
    IAsyncEnumerable<StagedUpload> ListUploadsAsync(CancellationToken ct);

    /// <summary>Removes what writes begun before <paramref name="startedBefore"/> and never finished left outside any
    /// upload's staging (S3: incomplete multipart uploads of a node that died mid-write or mid-commit). Returns how
    /// many were removed.</summary>
    Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct);
}
