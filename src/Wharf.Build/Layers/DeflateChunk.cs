using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Wharf.Build.Layers;

/// <summary>Compresses one chunk of a layer's tar into raw deflate (RFC 1951) on its own, with a fresh compressor and
/// no dictionary, so that the bytes depend on the chunk alone and chunks can be compressed on any thread in any order.
/// A chunk that is not the last ends on a byte boundary after a sync flush (an empty stored block, 00 00 ff ff), so the
/// next chunk's deflate data can follow it directly; the last ends with a final block. A chunk that
/// <see cref="IncompressibleChunk"/> turns away is written as stored blocks instead.</summary>
internal static class DeflateChunk
{
    /// <summary>The deflate level every compressible chunk is written at: zlib's and gzip's default, the usual
    /// size/speed balance for layers.</summary>
    public const int CompressionLevel = 6;

    private const int MaxStoredBlock = ushort.MaxValue;

    /// <summary>An empty final block (fixed Huffman codes, nothing but end-of-block): what ends a stream whose last
    /// chunk is empty, as zlib writes it; .NET's DeflateStream writes nothing at all when given nothing.</summary>
    private static readonly byte[] EmptyFinalBlock = [0x03, 0x00];

    public static DeflateSegment Compress(ReadOnlySpan<byte> chunk, bool final)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Capacity(chunk.Length));
        try
        {
            var length = chunk.IsEmpty && final ? Copy(EmptyFinalBlock, buffer)
                : IncompressibleChunk.Test(chunk) ? Store(chunk, buffer, final)
                : Deflate(chunk, buffer, final);
            return new DeflateSegment(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Room for a chunk's deflate output: level 6 output is never much above the input (zlib falls back to
    /// stored blocks), plus the flush markers; a chunk that somehow did not fit fails loudly (the buffer does not
    /// grow) rather than being cut.</summary>
    private static int Capacity(int length) => length + (length / 8) + 4096;

    private static int Deflate(ReadOnlySpan<byte> chunk, byte[] buffer, bool final)
    {
        using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
        var options = new ZLibCompressionOptions { CompressionLevel = CompressionLevel, CompressionStrategy = ZLibCompressionStrategy.Default };
        using var deflate = new DeflateStream(output, options, leaveOpen: true);
        deflate.Write(chunk);
        if (final)
        {
            deflate.Dispose(); // Z_FINISH: the last block, marked final
            return (int)output.Position;
        }

        // Z_SYNC_FLUSH: everything so far, then 00 00 ff ff, and the chunk ends here. The final empty block that
        // disposing the compressor adds after it lies beyond the length returned.
        deflate.Flush();
        return (int)output.Position;
    }

    /// <summary>Stored blocks (RFC 1951 §3.2.4) of at most 65,535 bytes: a header byte (BFINAL on the last block of the
    /// last chunk, BTYPE 00), LEN and its complement NLEN little-endian, the bytes. Every chunk starts on a byte
    /// boundary, so the header's padding bits are already there.</summary>
    private static int Store(ReadOnlySpan<byte> chunk, byte[] buffer, bool final)
    {
        var written = 0;
        for (var offset = 0; offset < chunk.Length; offset += MaxStoredBlock)
        {
            var length = Math.Min(MaxStoredBlock, chunk.Length - offset);
            var last = final && offset + length == chunk.Length;
            buffer[written] = last ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(written + 1), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(written + 3), (ushort)~length);
            chunk.Slice(offset, length).CopyTo(buffer.AsSpan(written + 5));
            written += 5 + length;
        }

        return written;
    }

    private static int Copy(byte[] bytes, byte[] buffer)
    {
        bytes.CopyTo(buffer, 0);
        return bytes.Length;
    }
}
