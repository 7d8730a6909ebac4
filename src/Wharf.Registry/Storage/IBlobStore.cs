using Wharf.Oci;

namespace Wharf.Registry.Storage;

/// <summary>Content-addressed bytes. Knows no repositories, tags or HTTP: a blob is its digest.
/// Uploads are staged under an upload id and committed into place under their verified digest.</summary>
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

    /// <summary>Appends <paramref name="data"/> to the staged upload (created on first append) and returns its
    /// new size. The staged upload must be exactly <paramref name="expectedOffset"/> bytes long, otherwise
    /// nothing is written and RANGE_INVALID is thrown; a concurrent append to the same upload is refused.</summary>
    Task<long> AppendUploadAsync(string uploadId, long expectedOffset, Stream data, CancellationToken ct);

    /// <summary>The number of bytes staged so far (0 when nothing was appended yet).</summary>
    Task<long> GetUploadSizeAsync(string uploadId, CancellationToken ct);

    /// <summary>Opens the staged bytes for reading (used to re-hash an upload another node or process began).</summary>
    Task<Stream> OpenUploadAsync(string uploadId, CancellationToken ct);

    /// <summary>Makes the staged bytes durable and visible as <paramref name="digest"/>, atomically, and removes
    /// the staging. The caller has verified the digest. Idempotent: when the blob already exists the staging is
    /// simply removed.</summary>
    Task CommitUploadAsync(string uploadId, Digest digest, CancellationToken ct);

    /// <summary>Removes the staged bytes of an upload; a no-op when there are none.</summary>
    Task DeleteUploadAsync(string uploadId, CancellationToken ct);

    /// <summary>How long ago the staged bytes of an upload were last written; zero when there are none.</summary>
    Task<TimeSpan> GetUploadAgeAsync(string uploadId, CancellationToken ct);

    /// <summary>Upload ids that have staged bytes, for purging abandoned uploads.</summary>
    IAsyncEnumerable<string> ListUploadsAsync(CancellationToken ct);
}
