using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Storage;
using ZstdSharp;

namespace Wharf.Registry.Inspection;

/// <summary>Measures what blobs weigh decompressed, off the request path: a gzip or zstd stream (told by its first
/// bytes, not by a media type, which the same blob may carry differently in two manifests) is read through and its
/// output counted; anything else — a tar, a config, an artifact — weighs its own size. Nothing is written to disk.</summary>
public sealed class LayerSizeMeasurer(IBlobStore blobs, SqlBlobSizeStore sizes, ILogger<LayerSizeMeasurer> logger)
{
    /// <summary>Blobs measured per <see cref="MeasureAsync(int, CancellationToken)"/> call.</summary>
    public const int Batch = 20;

    /// <summary>Measures up to <paramref name="limit"/> unmeasured blobs; the number measured (0: nothing left).</summary>
    public async Task<int> MeasureAsync(int limit, CancellationToken ct)
    {
        var pending = await sizes.FindUnmeasuredAsync(limit, ct);
        foreach (var digest in pending)
        {
            if (await MeasureAsync(digest, ct) is { } size)
            {
                await sizes.RecordAsync(digest, size, ct);
            }
        }

        return pending.Count;
    }

    /// <summary>The decompressed size of one blob; -1 for one that is not what its first bytes claim; null when the
    /// blob is not in the store (deleted meanwhile: nothing to record).</summary>
    public async Task<long?> MeasureAsync(Digest digest, CancellationToken ct)
    {
        await using var stored = await blobs.OpenReadAsync(digest, 0, ct);
        if (stored is null)
        {
            return null;
        }

        var head = new byte[4];
        var read = await stored.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var prefixed = new PrefixedReadStream(head[..read], stored);
        try
        {
            return IsGzip(head, read) ? await CountAsync(new GZipStream(prefixed, CompressionMode.Decompress), ct)
                : IsZstd(head, read) ? await CountAsync(new DecompressionStream(prefixed), ct)
                : read + await CountAsync(stored, ct);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
        {
            logger.LogWarning("blob {Digest} could not be decompressed to measure it: {Reason}", digest, e.Message);
            return -1;
        }
    }

    private static bool IsGzip(byte[] head, int read) => read >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    private static bool IsZstd(byte[] head, int read) => read >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd;

    private static async Task<long> CountAsync(Stream stream, CancellationToken ct)
    {
        await using var owned = stream;
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
        }

        return total;
    }
}
