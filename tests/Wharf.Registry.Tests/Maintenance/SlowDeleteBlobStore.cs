using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Maintenance;

/// <summary>A blob store whose blob deletes wait at a gate: a collector slowed down between beginning a deletion and
/// deleting the bytes, for racing it deterministically. Everything else goes straight to the store it wraps.</summary>
internal sealed class SlowDeleteBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a delete has arrived at the gate.</summary>
    public Task DeleteReached => _reached.Task;

    public void Release() => _release.TrySetResult();

    public async Task<bool> DeleteAsync(Digest digest, CancellationToken ct)
    {
        _reached.TrySetResult();
        await _release.Task.WaitAsync(ct);
        return await inner.DeleteAsync(digest, ct);
    }

    public Task<long?> StatAsync(Digest digest, CancellationToken ct) => inner.StatAsync(digest, ct);

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct) => inner.OpenReadAsync(digest, offset, ct);

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => inner.FindDownloadUrlAsync(digest, ct);

    public IAsyncEnumerable<Digest> ListAsync(CancellationToken ct) => inner.ListAsync(ct);

    public Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct) => inner.WritePartAsync(uploadId, data, ct);

    public Task DeletePartAsync(string uploadId, string partId, CancellationToken ct) => inner.DeletePartAsync(uploadId, partId, ct);

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct) => inner.OpenPartsAsync(uploadId, parts, ct);

    public Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct) =>
        inner.CommitPartsAsync(uploadId, parts, digest, ct);

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct) => inner.DeleteUploadAsync(uploadId, ct);

    public IAsyncEnumerable<StagedUpload> ListUploadsAsync(CancellationToken ct) => inner.ListUploadsAsync(ct);

    public Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct) => inner.AbortStaleWritesAsync(startedBefore, ct);
}
