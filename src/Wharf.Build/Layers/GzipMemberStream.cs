using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Wharf.Build.Layers;

/// <summary>Writes one gzip member (RFC 1952) whose every header byte is fixed, so the same tar always gives the same
/// bytes: .NET's GZipStream writes an OS byte that depends on the platform. Header 1f 8b 08, no flags, MTIME 0, XFL 0,
/// OS 255 (unknown); raw deflate at zlib level 6 (zlib's and gzip's default, the usual size/speed balance for layers;
/// the bytes are those of the zlib-ng that ships with the .NET runtime, so a different runtime may give a different
/// digest for the same tar, never a different diffID); then CRC32 and ISIZE, little-endian.
/// <see cref="FinishAsync"/> writes the trailer; <c>inner</c> is never closed.</summary>
internal sealed class GzipMemberStream : Stream
{
    /// <summary>The deflate level every layer is written at.</summary>
    public const int CompressionLevel = 6;

    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

    private readonly Stream _inner;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private bool _headerWritten;
    private long _length;

    public GzipMemberStream(Stream inner)
    {
        _inner = inner;
        var options = new ZLibCompressionOptions { CompressionLevel = CompressionLevel, CompressionStrategy = ZLibCompressionStrategy.Default };
        _deflate = new DeflateStream(inner, options, leaveOpen: true);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_headerWritten)
        {
            _inner.Write(Header);
            _headerWritten = true;
        }

        _crc.Append(buffer);
        _length += buffer.Length;
        _deflate.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await WriteHeaderAsync(cancellationToken);
        _crc.Append(buffer.Span);
        _length += buffer.Length;
        await _deflate.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Ends the deflate stream and writes CRC32 and ISIZE (the length modulo 2^32).</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        await WriteHeaderAsync(ct);
        await _deflate.DisposeAsync();
        var trailer = new byte[8];
        _crc.GetCurrentHash(trailer.AsSpan(0, 4)); // System.IO.Hashing gives the CRC little-endian, as gzip stores it
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_length));
        await _inner.WriteAsync(trailer, ct);
    }

    public override void Flush()
    {
        // Nothing to push early: a partial deflate block would only change the bytes.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask WriteHeaderAsync(CancellationToken ct)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            await _inner.WriteAsync(Header, ct);
        }
    }
}
