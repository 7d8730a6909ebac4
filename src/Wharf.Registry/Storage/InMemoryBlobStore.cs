using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>Blobs in this process's memory, gone when it stops: for tests and throwaway servers
/// (<c>Storage:Backend=memory</c>). A real backend all the same: it passes the same contract as the others, and it
/// keeps no lock, so it races the way they do. Its layout is two maps: digest → bytes, and upload id → its parts
/// (part id → bytes) with the time any of them was last written.</summary>
public sealed class InMemoryBlobStore(TimeProvider time) : IBlobStore
{
    private readonly ConcurrentDictionary<Digest, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<string, Staging> _uploads = new(StringComparer.Ordinal);

    public Task<long?> StatAsync(Digest digest, CancellationToken ct) =>
        Task.FromResult(_blobs.TryGetValue(digest, out var bytes) ? bytes.LongLength : (long?)null);

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct)
    {
        if (!_blobs.TryGetValue(digest, out var bytes))
        {
            return Task.FromResult<Stream?>(null);
        }

        var start = (int)Math.Min(offset, bytes.Length);
        return Task.FromResult<Stream?>(new MemoryStream(bytes, start, bytes.Length - start, writable: false));
    }

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => Task.FromResult<Uri?>(null);

    public Task<bool> DeleteAsync(Digest digest, CancellationToken ct) => Task.FromResult(_blobs.TryRemove(digest, out _));

    public async IAsyncEnumerable<Digest> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var digest in _blobs.Keys)
        {
            ct.ThrowIfCancellationRequested();
            yield return digest;
        }

        await Task.CompletedTask;
    }

    public async Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct)
    {
        CheckId(uploadId);
        using var buffer = new MemoryStream();
        await data.CopyToAsync(buffer, ct);
        var part = new StagedPart(UploadId.New(), buffer.Length);
        var staging = _uploads.GetOrAdd(uploadId, _ => new Staging());
        staging.Parts[part.Id] = buffer.ToArray();
        staging.LastWrittenAt = time.GetUtcNow();
        // The upload may have been deleted while this was written: then, as on disk, the part is an orphan.
        _uploads.TryAdd(uploadId, staging);
        return part;
    }

    public Task DeletePartAsync(string uploadId, string partId, CancellationToken ct)
    {
        CheckId(uploadId);
        CheckId(partId);
        if (_uploads.TryGetValue(uploadId, out var staging) && staging.Parts.TryRemove(partId, out _) && staging.Parts.IsEmpty)
        {
            // Nothing left: a writer that lost after its upload ended leaves no staging behind.
            _uploads.TryRemove(new KeyValuePair<string, Staging>(uploadId, staging));
        }

        return Task.CompletedTask;
    }

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct)
    {
        CheckId(uploadId);
        return Task.FromResult<Stream>(new ConcatenatedStream(
            [.. parts.Select(part => new StreamSegment(_ => Task.FromResult<Stream>(new MemoryStream(FindPart(uploadId, part.Id), writable: false)), part.Length))]));
    }

    public Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct)
    {
        CheckId(uploadId);
        if (_blobs.ContainsKey(digest))
        {
            return Task.CompletedTask;
        }

        try
        {
            var blob = new byte[parts.Sum(p => p.Length)];
            var offset = 0;
            foreach (var part in parts)
            {
                FindPart(uploadId, part.Id).AsSpan(0, (int)part.Length).CopyTo(blob.AsSpan(offset));
                offset += (int)part.Length;
            }

            _blobs.TryAdd(digest, blob);
        }
        catch (RegistryException) when (_blobs.ContainsKey(digest))
        {
            // Another completer of the same upload committed it and removed the staging.
        }

        return Task.CompletedTask;
    }

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct)
    {
        CheckId(uploadId);
        _uploads.TryRemove(uploadId, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (id, staging) in _uploads)
        {
            ct.ThrowIfCancellationRequested();
            yield return new StagedUpload(id, staging.LastWrittenAt);
        }

        await Task.CompletedTask;
    }

    public Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct) => Task.FromResult(0);

    private byte[] FindPart(string uploadId, string partId) =>
        _uploads.TryGetValue(uploadId, out var staging) && staging.Parts.TryGetValue(partId, out var bytes)
            ? bytes
            : throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"the staged bytes of upload {uploadId} are gone");

    private static void CheckId(string uploadId)
    {
        if (!UploadId.IsValid(uploadId))
        {
            throw new RegistryException(OciErrorCode.BlobUploadUnknown);
        }
    }

    private sealed class Staging
    {
        public ConcurrentDictionary<string, byte[]> Parts { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastWrittenAt { get; set; }
    }
}
