using System.Diagnostics;
using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Registry.Diagnostics;

namespace Wharf.Registry.Storage;

/// <summary>Times every call to the blob store it wraps (<c>wharf.storage.operation.duration</c>, by operation and
/// outcome), whatever the backend: the host wraps the backend it chose, so no backend carries timing code. A read is
/// timed until the stream is open, a listing until it is exhausted, a part's write including the body it copies.</summary>
public sealed class InstrumentedBlobStore(IBlobStore inner) : IBlobStore
{
    public Task<long?> StatAsync(Digest digest, CancellationToken ct) => TimeAsync("stat", () => inner.StatAsync(digest, ct));

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct) => TimeAsync("open_read", () => inner.OpenReadAsync(digest, offset, ct));

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => TimeAsync("download_url", () => inner.FindDownloadUrlAsync(digest, ct));

    public Task<bool> DeleteAsync(Digest digest, CancellationToken ct) => TimeAsync("delete", () => inner.DeleteAsync(digest, ct));

    public IAsyncEnumerable<Digest> ListAsync(CancellationToken ct) => TimeAsync("list", inner.ListAsync, ct);

    public Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct) =>
        TimeAsync("write_part", () => inner.WritePartAsync(uploadId, data, ct));

    public Task DeletePartAsync(string uploadId, string partId, CancellationToken ct) =>
        TimeAsync("delete_part", async () => { await inner.DeletePartAsync(uploadId, partId, ct); return true; });

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct) =>
        TimeAsync("open_parts", () => inner.OpenPartsAsync(uploadId, parts, ct));

    public Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct) =>
        TimeAsync("commit_parts", async () => { await inner.CommitPartsAsync(uploadId, parts, digest, ct); return true; });

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct) =>
        TimeAsync("delete_upload", async () => { await inner.DeleteUploadAsync(uploadId, ct); return true; });

    public IAsyncEnumerable<StagedUpload> ListUploadsAsync(CancellationToken ct) => TimeAsync("list_uploads", inner.ListUploadsAsync, ct);

    public Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct) =>
        TimeAsync("abort_stale_writes", () => inner.AbortStaleWritesAsync(startedBefore, ct));

    /// <summary>The call runs inside the timing (a lambda, not an already started task), because the filesystem
    /// backend does its work, and throws, synchronously before it returns a task.</summary>
    private static async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await call();
            outcome = "ok";
            return result;
        }
        finally
        {
            RegistryMetrics.StorageOperation(operation, outcome, started);
        }
    }

    /// <summary>A listing is timed until it ends or its consumer stops early (the readiness check reads one item);
    /// only an exception from the backend makes it an error.</summary>
    private static async IAsyncEnumerable<T> TimeAsync<T>(string operation, Func<CancellationToken, IAsyncEnumerable<T>> list, [EnumeratorCancellation] CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            await using var items = list(ct).GetAsyncEnumerator(ct);
            while (true)
            {
                try
                {
                    if (!await items.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch
                {
                    outcome = "error";
                    throw;
                }

                yield return items.Current;
            }
        }
        finally
        {
            RegistryMetrics.StorageOperation(operation, outcome, started);
        }
    }
}
