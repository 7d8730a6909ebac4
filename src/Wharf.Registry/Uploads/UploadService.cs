using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Uploads;

/// <summary>Blob uploads: sessions, chunks, completion, monolithic pushes and cross-repository mounts (decision 009).
/// Every request body becomes a staged part, hashed as it is written; the metadata store's conditional append decides
/// which part lands at which offset, so any node may take any request of an upload, and a writer that loses (or is
/// merely slow) never enters the chain. A blob becomes visible only once its digest is verified, and every step of
/// completion is idempotent, so concurrent or repeated completions of one upload agree.</summary>
public sealed partial class UploadService(IBlobStore blobs, IMetadataStore metadata, UploadHashCache hashes, TimeProvider time)
{
    // Uploads are hashed with SHA-256 as they arrive; a client asking for sha512 at the end gets a re-hash.
    private const string StreamingAlgorithm = Digest.Sha256;

    private static readonly TimeSpan DeletionPoll = TimeSpan.FromMilliseconds(50);

    public async Task<UploadSession> StartAsync(RepositoryName repository, CancellationToken ct)
    {
        var session = new UploadSession(UploadId.New(), repository.Value, time.GetUtcNow());
        await metadata.CreateUploadAsync(session, ct);
        return session;
    }

    /// <summary>The number of bytes received so far; BLOB_UPLOAD_UNKNOWN when the session does not exist here.</summary>
    public async Task<long> GetOffsetAsync(RepositoryName repository, string uploadId, CancellationToken ct) =>
        (await GetSessionAsync(repository, uploadId, ct)).Size;

    /// <summary>Appends a chunk. With <paramref name="rangeStart"/> the chunk must start exactly where the
    /// upload ends (distribution-spec: out-of-order chunk → 416). Returns the new size.</summary>
    public async Task<long> AppendAsync(RepositoryName repository, string uploadId, Stream body, long? rangeStart, CancellationToken ct)
    {
        var session = await GetSessionAsync(repository, uploadId, ct);
        CheckStart(session.Size, rangeStart);
        return await AppendPartAsync(session.Id, session.Size, body, ct);
    }

    /// <summary>Finishes an upload with an optional last chunk, verifies the digest, commits the blob and links
    /// it into the repository. On a digest mismatch the upload is cancelled (as Distribution does).</summary>
    public async Task<long> CompleteAsync(RepositoryName repository, string uploadId, Digest expected, Stream? lastChunk, long? rangeStart, CancellationToken ct)
    {
        var session = await GetSessionAsync(repository, uploadId, ct);
        if (session.CompletingDigest == expected && lastChunk is null && await blobs.StatAsync(expected, ct) is { } committed)
        {
            // Committed by a completion that died before linking (or one running right now): finish the job.
            return await LinkAndCloseAsync(repository, uploadId, expected, committed, ct);
        }

        CheckStart(session.Size, rangeStart);
        var size = lastChunk is null ? session.Size : await AppendPartAsync(uploadId, session.Size, lastChunk, ct);
        var parts = await ListPartsAsync(uploadId, size, ct);
        var actual = await FinishHashAsync(uploadId, parts, size, expected.Algorithm, ct);
        if (actual != expected)
        {
            await DiscardAsync(uploadId);
            throw new RegistryException(OciErrorCode.DigestInvalid, $"content is {actual}, not {expected}");
        }

        await MarkCompletingAsync(uploadId, expected, ct);
        if (await metadata.FindUploadAsync(uploadId, ct) is null)
        {
            // A concurrent completion of this upload finished first (or a cancel came): its client has the answer.
            throw Unknown(repository, uploadId);
        }

        await blobs.CommitPartsAsync(uploadId, parts, expected, ct);
        return await LinkAndCloseAsync(repository, uploadId, expected, size, ct);
    }

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

    /// <summary>Records the digest the upload commits under. When garbage collection is deleting that very digest, waits
    /// for its collector to end the deletion (or, once the deletion's lease is over and its collector must be gone,
    /// finishes it itself), so these bytes replace the old ones instead of being thrown away as a duplicate of a blob
    /// about to vanish, and no collector deletes them after they are committed (decision 005, BlobDeletionLease).</summary>
    private async Task MarkCompletingAsync(string uploadId, Digest digest, CancellationToken ct)
    {
        var waitUntil = time.GetUtcNow() + BlobDeletionLease.UploadWait;
        while (!await metadata.MarkUploadCompletingAsync(uploadId, digest, ct))
        {
            var started = await metadata.FindBlobDeletionAsync(digest, ct);
            var now = time.GetUtcNow();
            if (started is { } begun && begun < now - BlobDeletionLease.Duration && await metadata.BeginBlobDeletionAsync(digest, ct))
            {
                // Its collector is gone (the lease was over, and is now ours): finish the deletion, so these bytes
                // replace the old ones.
                await blobs.DeleteAsync(digest, ct);
                await metadata.EndBlobDeletionAsync(digest, ct);
            }
            else if (started is not null)
            {
                // Its collector is deleting the old bytes right now: wait for it to end, never delete in its place.
                if (now >= waitUntil)
                {
                    throw new RegistryException(OciErrorCode.TooManyRequests, $"garbage collection is removing an old copy of {digest}; complete the upload again in a minute");
                }

                await Task.Delay(DeletionPoll, time, ct);
            }
        }
    }

    /// <summary>Links the blob, then forgets the session and its staging. Each step is idempotent, so a completion that
    /// repeats another's (concurrently, or after a crash) ends in the same state.</summary>
    private async Task<long> LinkAndCloseAsync(RepositoryName repository, string uploadId, Digest digest, long size, CancellationToken ct)
    {
        await metadata.LinkBlobAsync(repository.Value, digest, size, ct);
        await DiscardAsync(uploadId);
        return size;
    }

    /// <summary>Forgets an upload and its staged bytes; idempotent, and not cancellable so it never stops halfway.
    /// The session goes first: staging left by a crash in between has no session and is purged.</summary>
    private async Task DiscardAsync(string uploadId)
    {
        hashes.Forget(uploadId);
        await metadata.DeleteUploadAsync(uploadId, CancellationToken.None);
        await blobs.DeleteUploadAsync(uploadId, CancellationToken.None);
    }

    private async Task<UploadSession> GetSessionAsync(RepositoryName repository, string uploadId, CancellationToken ct)
    {
        var session = UploadId.IsValid(uploadId) ? await metadata.FindUploadAsync(uploadId, ct) : null;
        return session is not null && session.Repository == repository.Value ? session : throw Unknown(repository, uploadId);
    }

    /// <summary>Stages <paramref name="body"/> as a part and appends it at <paramref name="offset"/>, hashing it on the way
    /// in when this node holds the hash of the first <paramref name="offset"/> bytes. Returns the new size.</summary>
    /// <remarks>When it does not (another node took the previous chunk, or this one restarted), the part is stored
    /// unhashed and the digest is computed from the recorded parts once, at completion. Re-reading the prefix here
    /// instead would re-read it on every chunk that changes node: behind a round-robin balancer that is every chunk,
    /// and a chunked upload would read back the square of its size.</remarks>
    private async Task<long> AppendPartAsync(string uploadId, long offset, Stream body, CancellationToken ct)
    {
        var hash = hashes.Take(uploadId, offset) ?? (offset == 0 ? Digest.CreateHasher(StreamingAlgorithm) : null);
        try
        {
            var part = await blobs.WritePartAsync(uploadId, hash is null ? body : new HashingReadStream(body, hash), ct);
            if (part.Length > 0 && !await metadata.AppendUploadPartAsync(uploadId, offset, part, ct))
            {
                // Another request appended at this offset first, or the session ended meanwhile: this part never
                // enters the upload. (A part whose append failed otherwise is left to the upload's cleanup: the
                // database may have recorded it after all.)
                await blobs.DeletePartAsync(uploadId, part.Id, CancellationToken.None);
                throw await metadata.FindUploadAsync(uploadId, ct) switch
                {
                    null => new RegistryException(OciErrorCode.BlobUploadUnknown, $"upload {uploadId} ended while this chunk was received"),
                    { CompletingDigest: { } digest } => new RegistryException(OciErrorCode.RangeInvalid, $"upload {uploadId} is being completed as {digest}"),
                    var moved => new RegistryException(OciErrorCode.RangeInvalid, $"another request appended to upload {uploadId} first: it has {moved.Size} bytes, not {offset}"),
                };
            }

            if (part.Length == 0)
            {
                await blobs.DeletePartAsync(uploadId, part.Id, CancellationToken.None);
            }

            if (hash is not null)
            {
                hashes.Return(uploadId, hash, offset + part.Length);
            }

            return offset + part.Length;
        }
        catch
        {
            hash?.Dispose();
            throw;
        }
    }

    /// <summary>The recorded parts that make up the first <paramref name="size"/> bytes. The list only ever grows at its
    /// end, so a request that appended meanwhile adds parts after them and changes none of them.</summary>
    private async Task<IReadOnlyList<StagedPart>> ListPartsAsync(string uploadId, long size, CancellationToken ct)
    {
        var prefix = new List<StagedPart>();
        var covered = 0L;
        foreach (var part in await metadata.ListUploadPartsAsync(uploadId, ct))
        {
            if (covered == size)
            {
                break;
            }

            prefix.Add(part);
            covered += part.Length;
        }

        if (covered == size)
        {
            return prefix;
        }

        // The parts go only with the session: it was completed, cancelled or purged since it was read.
        throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"upload {uploadId} ended while this request was handled");
    }

    private static void CheckStart(long size, long? rangeStart)
    {
        if (rangeStart is { } start && start != size)
        {
            throw new RegistryException(OciErrorCode.RangeInvalid, $"chunk starts at {start} but the upload has {size} bytes");
        }
    }

    private static RegistryException Unknown(RepositoryName repository, string uploadId) =>
        new(OciErrorCode.BlobUploadUnknown, $"upload {uploadId} is unknown in {repository}");
}
