using System.Buffers;
using System.Security.Cryptography;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Uploads;

/// <summary>Blob uploads: sessions, chunks, completion, monolithic pushes and cross-repository mounts.
/// Bytes are hashed as they are staged; a blob becomes visible only once its digest is verified.</summary>
public sealed class UploadService(IBlobStore blobs, IMetadataStore metadata, UploadHashCache hashes, TimeProvider time)
{
    // Uploads are hashed with SHA-256 as they arrive; a client asking for sha512 at the end gets a re-hash.
    private const string StreamingAlgorithm = Digest.Sha256;

    public async Task<UploadSession> StartAsync(RepositoryName repository, CancellationToken ct)
    {
        var session = new UploadSession(UploadId.New(), repository.Value, time.GetUtcNow());
        await metadata.CreateUploadAsync(session, ct);
        return session;
    }

    /// <summary>The number of bytes received so far; BLOB_UPLOAD_UNKNOWN when the session does not exist here.</summary>
    public async Task<long> GetOffsetAsync(RepositoryName repository, string uploadId, CancellationToken ct)
    {
        var session = await GetSessionAsync(repository, uploadId, ct);
        return await FindCommittedSizeAsync(session, ct) ?? await blobs.GetUploadSizeAsync(uploadId, ct);
    }

    /// <summary>Appends a chunk. With <paramref name="rangeStart"/> the chunk must start exactly where the
    /// upload ends (distribution-spec: out-of-order chunk → 416). Returns the new size.</summary>
    public async Task<long> AppendAsync(RepositoryName repository, string uploadId, Stream body, long? rangeStart, CancellationToken ct)
    {
        await GetSessionAsync(repository, uploadId, ct);
        var offset = await blobs.GetUploadSizeAsync(uploadId, ct);
        if (rangeStart is { } start && start != offset)
        {
            throw new RegistryException(OciErrorCode.RangeInvalid, $"chunk starts at {start} but the upload has {offset} bytes");
        }

        return await AppendHashedAsync(uploadId, offset, body, ct);
    }

    /// <summary>Finishes an upload with an optional last chunk, verifies the digest, commits the blob and links
    /// it into the repository. On a digest mismatch the upload is cancelled (as Distribution does).</summary>
    public async Task<long> CompleteAsync(RepositoryName repository, string uploadId, Digest expected, Stream? lastChunk, long? rangeStart, CancellationToken ct)
    {
        var session = await GetSessionAsync(repository, uploadId, ct);
        if (session.CompletingDigest == expected && lastChunk is null && await FindCommittedSizeAsync(session, ct) is { } committed)
        {
            // A crash came between committing the bytes and linking them: finish the job.
            return await LinkAndCloseAsync(repository, uploadId, expected, committed, ct);
        }

        var size = await blobs.GetUploadSizeAsync(uploadId, ct);
        if (rangeStart is { } start && start != size)
        {
            throw new RegistryException(OciErrorCode.RangeInvalid, $"chunk starts at {start} but the upload has {size} bytes");
        }

        if (lastChunk is not null)
        {
            size = await AppendHashedAsync(uploadId, size, lastChunk, ct);
        }

        var actual = await FinishHashAsync(uploadId, size, expected.Algorithm, ct);
        if (actual != expected)
        {
            await DiscardAsync(uploadId);
            throw new RegistryException(OciErrorCode.DigestInvalid, $"content is {actual}, not {expected}");
        }

        await MarkCompletingAsync(uploadId, expected, ct);
        await blobs.CommitUploadAsync(uploadId, expected, ct);
        return await LinkAndCloseAsync(repository, uploadId, expected, size, ct);
    }

    /// <summary>Records the digest the upload commits under. When garbage collection is deleting that very digest
    /// right now, finishes the deletion first (both steps are idempotent), so these bytes replace the old ones
    /// instead of being thrown away as a duplicate of a blob about to vanish (decision 005).</summary>
    private async Task MarkCompletingAsync(string uploadId, Digest digest, CancellationToken ct)
    {
        for (var attempt = 0; !await metadata.MarkUploadCompletingAsync(uploadId, digest, ct); attempt++)
        {
            if (attempt == 3)
            {
                throw new InvalidOperationException($"{digest} stays marked for deletion");
            }

            await blobs.DeleteAsync(digest, ct);
            await metadata.EndBlobDeletionAsync(digest, ct);
        }
    }

    private async Task<long> LinkAndCloseAsync(RepositoryName repository, string uploadId, Digest digest, long size, CancellationToken ct)
    {
        await metadata.LinkBlobAsync(repository.Value, digest, size, ct);
        await metadata.DeleteUploadAsync(uploadId, ct);
        return size;
    }

    /// <summary>The size of the blob a completing session was committed as, when its staged bytes are gone
    /// because the commit happened; null for a session still receiving bytes.</summary>
    private async Task<long?> FindCommittedSizeAsync(UploadSession session, CancellationToken ct) =>
        session.CompletingDigest is { } digest && await blobs.GetUploadSizeAsync(session.Id, ct) == 0
            ? await blobs.StatAsync(digest, ct)
            : null;

    /// <summary>A whole blob in one request (<c>POST ?digest=</c>).</summary>
    public async Task<long> PushMonolithicAsync(RepositoryName repository, Digest digest, Stream body, CancellationToken ct)
    {
        var session = await StartAsync(repository, ct);
        try
        {
            return await CompleteAsync(repository, session.Id, digest, body, null, ct);
        }
        catch
        {
            await DiscardAsync(session.Id);
            throw;
        }
    }

    /// <summary>Links a blob of <paramref name="from"/> into <paramref name="repository"/>; false when
    /// the source does not link it (the caller then falls back to an upload, as the spec says).</summary>
    public Task<bool> TryMountAsync(RepositoryName repository, Digest digest, RepositoryName from, CancellationToken ct) =>
        metadata.MountBlobAsync(from.Value, repository.Value, digest, ct);

    public async Task CancelAsync(RepositoryName repository, string uploadId, CancellationToken ct)
    {
        await GetSessionAsync(repository, uploadId, ct);
        await DiscardAsync(uploadId);
    }

    /// <summary>Forgets an upload and its staged bytes; idempotent, and not cancellable so it never stops halfway.</summary>
    private async Task DiscardAsync(string uploadId)
    {
        hashes.Forget(uploadId);
        await blobs.DeleteUploadAsync(uploadId, CancellationToken.None);
        await metadata.DeleteUploadAsync(uploadId, CancellationToken.None);
    }

    private async Task<UploadSession> GetSessionAsync(RepositoryName repository, string uploadId, CancellationToken ct)
    {
        var session = UploadId.IsValid(uploadId) ? await metadata.FindUploadAsync(uploadId, ct) : null;
        return session is not null && session.Repository == repository.Value
            ? session
            : throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"upload {uploadId} is unknown in {repository}");
    }

    private async Task<long> AppendHashedAsync(string uploadId, long offset, Stream body, CancellationToken ct)
    {
        var hash = hashes.Take(uploadId, offset) ?? await RehashStagedAsync(uploadId, offset, StreamingAlgorithm, ct);
        try
        {
            var hashing = new HashingReadStream(body, hash);
            var size = await blobs.AppendUploadAsync(uploadId, offset, hashing, ct);
            hashes.Return(uploadId, hash, size);
            return size;
        }
        catch
        {
            // The staged bytes may now be longer than what was hashed; the next request re-hashes.
            hash.Dispose();
            throw;
        }
    }

    private async Task<Digest> FinishHashAsync(string uploadId, long size, string algorithm, CancellationToken ct)
    {
        var hash = algorithm == StreamingAlgorithm ? hashes.Take(uploadId, size) : null;
        hash ??= await RehashStagedAsync(uploadId, size, algorithm, ct);
        using (hash)
        {
            return Digest.FromHash(algorithm, hash.GetHashAndReset());
        }
    }

    private async Task<IncrementalHash> RehashStagedAsync(string uploadId, long length, string algorithm, CancellationToken ct)
    {
        var hash = Digest.CreateHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var staged = await blobs.OpenUploadAsync(uploadId, ct);
            var remaining = length;
            while (remaining > 0)
            {
                var n = await staged.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
                if (n == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, n);
                remaining -= n;
            }

            return hash;
        }
        catch
        {
            hash.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
