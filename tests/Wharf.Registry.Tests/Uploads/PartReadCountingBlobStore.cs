using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Uploads;

/// <summary>A blob store that counts the staged bytes its callers open again (<see cref="IBlobStore.OpenPartsAsync"/>):
/// what an upload costs in re-reads. Everything goes straight to the store it wraps.</summary>
internal sealed class PartReadCountingBlobStore(IBlobStore inner) : IBlobStore
{
    private long _bytesOpened;

    /// <summary>The total length of the parts opened so far.</summary>
    public long BytesOpened => Interlocked.Read(ref _bytesOpened);

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct)
    {
        Interlocked.Add(ref _bytesOpened, parts.Sum(p => p.Length));
        return inner.OpenPartsAsync(uploadId, parts, ct);
    }

    public Task<bool> DeleteAsync(Digest digest, CancellationToken ct) => inner.DeleteAsync(digest, ct);

    public Task<long?> StatAsync(Digest digest, CancellationToken ct) => inner.StatAsync(digest, ct);

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct) => inner.OpenReadAsync(digest, offset, ct);

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => inner.FindDownloadUrlAsync(digest, ct);

    public IAsyncEnumerable<Digest> ListAsync(CancellationToken ct) => inner.ListAsync(ct);

    public Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct) => inner.WritePartAsync(uploadId, data, ct);

    public Task DeletePartAsync(string uploadId, string partId, CancellationToken ct) => inner.DeletePartAsync(uploadId, partId, ct);

    public Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct) =>
        inner.CommitPartsAsync(uploadId, parts, digest, ct);

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct) => inner.DeleteUploadAsync(uploadId, ct);

    public IAsyncEnumerable<StagedUpload> ListUploadsAsync(CancellationToken ct) => inner.ListUploadsAsync(ct);

    public Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct) => inner.AbortStaleWritesAsync(startedBefore, ct);
}
