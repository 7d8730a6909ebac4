using System.Diagnostics;
using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Registry.Diagnostics;

namespace Wharf.Registry.Storage;

/// <summary>Times every call to the blob store it wraps (<c>wharf.storage.operation.duration</c>, by operation and
/// outcome), whatever the backend: the host wraps the backend it chose, so no backend carries timing code. A read is
/// timed until the stream is open, a listing until it is exhausted, an append including the body it copies.</summary>
public sealed class InstrumentedBlobStore(IBlobStore inner) : IBlobStore
{
    public Task<long?> StatAsync(Digest digest, CancellationToken ct) => TimeAsync("stat", () => inner.StatAsync(digest, ct));

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct) => TimeAsync("open_read", () => inner.OpenReadAsync(digest, offset, ct));

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => TimeAsync("download_url", () => inner.FindDownloadUrlAsync(digest, ct));

    public Task<bool> DeleteAsync(Digest digest, CancellationToken ct) => TimeAsync("delete", () => inner.DeleteAsync(digest, ct));

    public IAsyncEnumerable<Digest> ListAsync(CancellationToken ct) => TimeAsync("list", inner.ListAsync, ct);

    public Task<long> AppendUploadAsync(string uploadId, long expectedOffset, Stream data, CancellationToken ct) =>
        TimeAsync("append_upload", () => inner.AppendUploadAsync(uploadId, expectedOffset, data, ct));

    public Task<long> GetUploadSizeAsync(string uploadId, CancellationToken ct) => TimeAsync("upload_size", () => inner.GetUploadSizeAsync(uploadId, ct));

    public Task<Stream> OpenUploadAsync(string uploadId, CancellationToken ct) => TimeAsync("open_upload", () => inner.OpenUploadAsync(uploadId, ct));

    public Task CommitUploadAsync(string uploadId, Digest digest, CancellationToken ct) =>
        TimeAsync("commit_upload", async () => { await inner.CommitUploadAsync(uploadId, digest, ct); return true; });

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct) =>
        TimeAsync("delete_upload", async () => { await inner.DeleteUploadAsync(uploadId, ct); return true; });

    public Task<TimeSpan> GetUploadAgeAsync(string uploadId, CancellationToken ct) => TimeAsync("upload_age", () => inner.GetUploadAgeAsync(uploadId, ct));

    public IAsyncEnumerable<string> ListUploadsAsync(CancellationToken ct) => TimeAsync("list_uploads", inner.ListUploadsAsync, ct);

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
