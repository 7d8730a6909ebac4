using Wharf.Build.Filesystem;
using Wharf.Oci;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Wharf.Build.Layers;

/// <summary>Writes a layer (a tar of changes, compressed) in one pass: the tar is written once, and the diffID (sha256
/// of the tar) and the digest (sha256 of the bytes written to the destination) are computed as it streams. Nothing the
/// size of a layer is held in memory. The bytes depend only on the entries' content and metadata (issue 9,
/// "Reproducible by default"): members in byte order of their names, numeric ids with empty user and group names,
/// whole-second mtimes clamped to the epoch, only the <c>security.capability</c> xattr, and compression with every
/// header byte and level fixed.</summary>
public static class LayerWriter
{
    /// <summary>zstd's own default level: close to gzip -6 in size at several times its speed.</summary>
    public const int ZstdLevel = 3;

    /// <summary>Writes the entries of <paramref name="sourceRoot"/> as one layer to <paramref name="destination"/>
    /// (left open). Entries may come in any order and name each path once per kind; the writer adds no entry of its
    /// own, so the directories above each path should be listed too (both diffs list them). An object that vanished or changed
    /// size while being written fails the call (<see cref="IOException"/>), a path that is not clean and relative
    /// throws <see cref="ArgumentException"/> before anything is written.</summary>
    public static async Task<WrittenLayer> WriteAsync(
        string sourceRoot, IReadOnlyList<LayerEntry> entries, LayerWriterOptions options, Stream destination, CancellationToken ct)
    {
        var ordered = LayerEntryOrder.Sort(entries);
        return await EncodeAsync(options, destination, async tar =>
        {
            var writer = new LayerTarWriter(tar, sourceRoot, options.Epoch);
            foreach (var entry in ordered)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteAsync(entry, ct);
            }

            await writer.FinishAsync(ct);
            return writer.Records;
        }, ct);
    }

    /// <summary>Compresses the tar <paramref name="writeTar"/> writes to <paramref name="destination"/> (left open) as
    /// <paramref name="options"/> say, computing the diffID and digest as it streams; what it returns is the layer's
    /// <see cref="WrittenLayer.Records"/>.</summary>
    internal static async Task<WrittenLayer> EncodeAsync(
        LayerWriterOptions options, Stream destination, Func<Stream, Task<IReadOnlyList<LayerRecord>>> writeTar, CancellationToken ct)
    {
        using var compressed = new HashingWriteStream(destination);
        IReadOnlyList<LayerRecord> records;
        Digest diffId;
        long uncompressedSize;
        if (options.Compression == LayerCompression.Gzip)
        {
            // The gzip stream hashes the tar itself, off this thread (see ParallelGzipStream).
            await using var gzip = new ParallelGzipStream(compressed, options.CompressionConcurrency);
            records = await writeTar(gzip);
            await gzip.FinishAsync(ct);
            (diffId, uncompressedSize) = (gzip.TarDigest, gzip.Position);
        }
        else
        {
            await using var zstd = options.Compression == LayerCompression.Zstd ? Zstd(options.CompressionConcurrency, compressed) : null;
            using var tar = zstd is null ? compressed : new HashingWriteStream(zstd);
            records = await writeTar(tar);
            (diffId, uncompressedSize) = zstd is null ? (compressed.Finish(), compressed.Count) : (tar.Finish(), tar.Count);
            if (zstd is not null)
            {
                await zstd.DisposeAsync(); // zstd writes its last block and the frame's end (and checksum) here
            }
        }

        var digest = options.Compression == LayerCompression.None ? diffId : compressed.Finish();
        await destination.FlushAsync(ct);
        return new WrittenLayer(diffId, digest, compressed.Count, uncompressedSize, MediaType(options.Compression), records);
    }

    /// <summary>The OCI media type of a layer written with <paramref name="compression"/>.</summary>
    public static string MediaType(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        _ => MediaTypes.OciLayerTar,
    };

    private static CompressionStream Zstd(int concurrency, Stream output)
    {
        var zstd = new CompressionStream(output, ZstdLevel, leaveOpen: true);
        zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1); // as the zstd tool writes: `zstd -t` verifies content
        // zstd's multithreaded mode cuts the input into jobs of a size set by the level, never by the thread count, so
        // its output is the same for any number of workers from 1 up (it differs from the single-threaded mode, 0,
        // which is therefore never used: one core still gets one worker).
        zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, concurrency);
        return zstd;
    }
}
