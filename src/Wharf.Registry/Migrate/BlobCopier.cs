using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Migrate;

/// <summary>Copies one blob from a store to another, re-verified: the source's bytes are hashed as they stream into the
/// target's upload staging, and only bytes that hash to the digest (and have the size the source reports) are
/// committed under it, by the store's own atomic commit. A blob the target has with the same size is left alone
/// (that is what makes a resumed copy cheap); one it has with another size is a damaged copy, and replaced.
/// Never more than the stores' own buffers in memory.</summary>
public sealed class BlobCopier(IBlobStore source, IBlobStore target, IMigrationProgress progress)
{
    /// <summary>Copies <paramref name="digest"/> unless the target has it; returns what happened and the blob's size
    /// (0 when it vanished from the source). Tells the progress display when bytes start to flow and how far they got,
    /// not when it is done: the caller does, with the outcome.</summary>
    public async Task<(BlobCopyOutcome Outcome, long Size)> CopyAsync(Digest digest, CancellationToken ct)
    {
        if (await source.StatAsync(digest, ct) is not { } size)
        {
            return (BlobCopyOutcome.Vanished, 0);
        }

        if (await target.StatAsync(digest, ct) is { } present)
        {
            if (present == size)
            {
                // A run killed after this blob's commit but before its staging was removed left that staging behind;
                // only a target that already has blobs (a resumed copy) pays for the look.
                await target.DeleteUploadAsync(StagingFor(digest), ct);
                return (BlobCopyOutcome.Present, size);
            }

            await target.DeleteAsync(digest, ct);
        }

        progress.BlobStarted(digest, size);
        // Named after the digest, so a run killed mid-blob leaves its staged bytes where the next run's copy of the same
        // blob removes them (and the target's upload purger, should it never come).
        var staging = StagingFor(digest);
        try
        {
            var stream = await source.OpenReadAsync(digest, 0, ct);
            if (stream is null)
            {
                return (BlobCopyOutcome.Vanished, 0);
            }

            var expected = new Descriptor { MediaType = "application/octet-stream", Digest = digest, Size = size };
            await using var verified = new VerifyingReadStream(stream, expected, new Advance(progress, digest));
            var part = await target.WritePartAsync(staging, verified, ct);
            await target.CommitPartsAsync(staging, [part], digest, ct);
        }
        catch (RegistryException e) when (e.Code == OciErrorCode.DigestInvalid)
        {
            throw new MigrationException(
                $"blob {digest} in the source is damaged ({e.Message}); nothing was written for it to the target: restore or delete it in the source, then run migrate again",
                e);
        }
        finally
        {
            await target.DeleteUploadAsync(staging, CancellationToken.None);
        }

        return (BlobCopyOutcome.Copied, size);
    }

    /// <summary>Forwards byte counts synchronously, in order (System.Progress would post them to the thread pool).</summary>
    private sealed class Advance(IMigrationProgress progress, Digest digest) : IProgress<long>
    {
        public void Report(long value) => progress.BlobAdvanced(digest, value);
    }

    /// <summary>The upload id a blob is staged under: its digest's, so every run stages it in the same place.</summary>
    private static string StagingFor(Digest digest) => digest.Hex[..32];
}
