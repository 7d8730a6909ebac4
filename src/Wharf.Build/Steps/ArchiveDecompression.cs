using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompressionMode = SharpCompress.Compressors.CompressionMode;

namespace Wharf.Build.Steps;

/// <summary>What an ADD source decompresses to, told by its first bytes as BuildKit tells them (never by its name):
/// gzip (1f 8b), bzip2 ("BZh"), xz (fd 37 7a 58 5a 00) or zstd (28 b5 2f fd); anything else is read as it is.
/// Layers are never bzip2 or xz, so only ADD reads these (Layers/LayerDecompression does not).</summary>
internal static class ArchiveDecompression
{
    private static readonly byte[] Xz = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

    /// <summary>A stream of the decompressed content of <paramref name="file"/> (read from its start), or the file
    /// itself when it is not compressed. A decompression stream leaves <paramref name="file"/> open when disposed.</summary>
    public static async Task<Stream> OpenAsync(Stream file, CancellationToken ct)
    {
        var magic = new byte[6];
        var count = await file.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, ct);
        file.Position = 0;
        var head = magic.AsSpan(0, count);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
        {
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        }

        if (head.StartsWith("BZh"u8))
        {
            // Concatenated streams too, as lbzip2 and pbzip2 write them.
            return BZip2Stream.Create(file, SharpCompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true, tolerateTruncatedStream: false);
        }

        if (head.StartsWith(Xz))
        {
            return new XZStream(file); // leaves its base stream open
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd])
            ? new ZstdSharp.DecompressionStream(file, leaveOpen: true)
            : file;
    }

    /// <summary>Whether reading <paramref name="content"/> failed because the bytes are not what their magic said.</summary>
    public static bool IsCorruptData(Exception e) =>
        e is InvalidDataException or ZstdSharp.ZstdException or SharpCompress.Common.SharpCompressException or EndOfStreamException;
}
