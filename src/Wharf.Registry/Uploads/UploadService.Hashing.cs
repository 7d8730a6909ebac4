using System.Buffers;
using System.Security.Cryptography;
using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Uploads;

/// <summary>The hashing half of <see cref="UploadService"/>: the running hash from the cache, or the recorded parts
/// hashed again.</summary>
public sealed partial class UploadService
{
    private async Task<Digest> FinishHashAsync(string uploadId, IReadOnlyList<StagedPart> parts, long size, string algorithm, CancellationToken ct)
    {
        var hash = algorithm == StreamingAlgorithm ? hashes.Take(uploadId, size) : null;
        hash ??= await RehashAsync(uploadId, parts, size, algorithm, ct);
        using (hash)
        {
            return Digest.FromHash(algorithm, hash.GetHashAndReset());
        }
    }

    /// <summary>Hashes the recorded parts again: this process did not see the upload's earlier requests (another node
    /// took them, or it restarted), and .NET cannot carry a hash state across processes (decision 002).</summary>
    private async Task<IncrementalHash> RehashAsync(string uploadId, IReadOnlyList<StagedPart> parts, long length, string algorithm, CancellationToken ct)
    {
        var hash = Digest.CreateHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var staged = await blobs.OpenPartsAsync(uploadId, parts, ct);
            int n;
            while ((n = await staged.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
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
