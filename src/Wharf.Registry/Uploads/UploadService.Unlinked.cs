using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Uploads;

/// <summary>Blobs no repository links: a build's uploaded context (decision 017).</summary>
public sealed partial class UploadService
{
    /// <summary>Stores <paramref name="body"/> in the blob store under its SHA-256 digest without linking it into any
    /// repository (so no pull can reach it), then calls <paramref name="keep"/> with the digest and size so the caller can
    /// record its own reference (a queued build). Until <paramref name="keep"/> returns, the upload session is completing
    /// under the digest, which is what keeps garbage collection off the bytes between their commit and that reference;
    /// the session and its staging are forgotten afterwards, whatever happened. <paramref name="repository"/> only
    /// names the session. Waits, like any upload, for a collector deleting an old copy of the same bytes.</summary>
    public async Task<T> StoreUnlinkedAsync<T>(RepositoryName repository, Stream body, Func<Digest, long, Task<T>> keep, CancellationToken ct)
    {
        var session = await StartAsync(repository, ct);
        try
        {
            var size = await AppendPartAsync(session.Id, 0, body, ct);
            var parts = await ListPartsAsync(session.Id, size, ct);
            var digest = await FinishHashAsync(session.Id, parts, size, StreamingAlgorithm, ct);
            await MarkCompletingAsync(session.Id, digest, ct);
            await blobs.CommitPartsAsync(session.Id, parts, digest, ct);
            return await keep(digest, size);
        }
        finally
        {
            await DiscardAsync(session.Id);
        }
    }
}
