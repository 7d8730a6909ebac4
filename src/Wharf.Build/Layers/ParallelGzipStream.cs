using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Wharf.Build.Layers;

/// <summary>Writes one gzip member (RFC 1952) as pigz does, compressing up to <c>concurrency</c> chunks at once, and
/// still in one pass with bounded memory. The tar is cut into chunks of a fixed size (1 MiB); each is deflated on its
/// own by <see cref="DeflateChunk"/> (a fresh compressor, no dictionary from the chunk before: .NET does not expose
/// zlib's deflateSetDictionary, and without one the cost is about 0.1% in size) and the segments are written in order,
/// the last one final. The bytes therefore depend only on the tar and the chunk size, never on how many chunks were in
/// flight, the machine's cores or the timing; they do depend on the zlib-ng that ships with the .NET runtime, so a
/// different runtime may give a different digest for the same tar, never a different diffID.
/// Every header byte is fixed (.NET's GZipStream writes an OS byte that depends on the platform): 1f 8b 08, no flags,
/// MTIME 0, XFL 0, OS 255 (unknown). The trailer is the CRC-32 of the tar, computed here in order, and ISIZE, both
/// little-endian. Memory: the chunk being filled and at most <c>concurrency</c> + 1 chunks in flight, each with its
/// output (3 MiB a chunk with the pool's rounding: 10 MiB on two cores, 28 MiB at most).
/// Writes are asynchronous only; <see cref="FinishAsync"/> writes the end; <c>inner</c> is never closed.</summary>
internal sealed class ParallelGzipStream : Stream
{
    /// <summary>The chunk size every layer is cut at. Fixed, because the bytes depend on it: 1 MiB keeps the loss from
    /// starting each chunk without a dictionary negligible and still gives a 20 MiB layer twenty pieces.</summary>
    public const int ChunkSize = 1024 * 1024;

    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

    private readonly Stream _inner;
    private readonly int _concurrency;
    private readonly Queue<Task<DeflateSegment>> _inFlight = new();
    private readonly Crc32 _crc = new();
    private byte[]? _chunk;
    private int _filled;
    private long _submitted;
    private bool _headerWritten;

    /// <param name="concurrency">How many chunks may be compressed at once; 1 compresses on the writing thread. The
    /// bytes are the same for every value.</param>
    public ParallelGzipStream(Stream inner, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _inner = inner;
        _concurrency = concurrency;
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    /// <summary>How many chunks to compress at once by default: one per core, up to 8. Beyond that the one writing
    /// thread (reading files, SHA-256 of the tar, CRC-32) is the limit, at about 8 × zlib's level-6 speed.</summary>
    public static int DefaultConcurrency => Math.Clamp(Environment.ProcessorCount, 1, 8);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _submitted + _filled;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        await WriteHeaderAsync(cancellationToken);
        while (!buffer.IsEmpty)
        {
            if (_filled == ChunkSize)
            {
                // Only now, with more bytes to come, is a full chunk known not to be the last.
                await SubmitAsync(final: false, cancellationToken);
            }

            var count = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer.Span[..count].CopyTo(_chunk.AsSpan(_filled));
            _filled += count;
            buffer = buffer[count..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Compresses the last chunk as final, writes every segment still in flight, then CRC-32 and ISIZE (the
    /// length modulo 2^32). Call once; nothing may be written after.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        await WriteHeaderAsync(ct);
        await SubmitAsync(final: true, ct);
        while (_inFlight.Count > 0)
        {
            await WriteSegmentAsync(await _inFlight.Dequeue(), ct);
        }

        var trailer = new byte[8];
        _crc.GetCurrentHash(trailer.AsSpan(0, 4)); // System.IO.Hashing gives the CRC little-endian, as gzip stores it
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_submitted));
        await _inner.WriteAsync(trailer, ct);
    }

    /// <summary>Hands the chunk being filled to a compressor (this thread's when <c>concurrency</c> is 1), then writes
    /// out, in order, what has finished at the head of the queue, waiting for the head while more than
    /// <c>concurrency</c> are in flight: so <c>concurrency</c> chunks keep compressing while the next one is filled.</summary>
    private async Task SubmitAsync(bool final, CancellationToken ct)
    {
        var chunk = _chunk!;
        var length = _filled;
        _crc.Append(chunk.AsSpan(0, length));
        _submitted += length;
        _chunk = final ? null : ArrayPool<byte>.Shared.Rent(ChunkSize);
        _filled = 0;

        if (_concurrency == 1)
        {
            await WriteSegmentAsync(CompressAndReturn(chunk, length, final), ct);
            return;
        }

        _inFlight.Enqueue(Task.Run(() => CompressAndReturn(chunk, length, final), CancellationToken.None));
        while (_inFlight.Count > 0 && (_inFlight.Count > _concurrency || _inFlight.Peek().IsCompleted))
        {
            await WriteSegmentAsync(await _inFlight.Dequeue(), ct);
        }
    }

    private static DeflateSegment CompressAndReturn(byte[] chunk, int length, bool final)
    {
        try
        {
            return DeflateChunk.Compress(chunk.AsSpan(0, length), final);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private async Task WriteSegmentAsync(DeflateSegment segment, CancellationToken ct)
    {
        try
        {
            await _inner.WriteAsync(segment.Buffer.AsMemory(0, segment.Length), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(segment.Buffer);
        }
    }

    private async ValueTask WriteHeaderAsync(CancellationToken ct)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            await _inner.WriteAsync(Header, ct);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("a layer's gzip stream is written asynchronously (it waits for compressing threads)");

    public override void Flush()
    {
        // Nothing to push early: the chunk boundaries are fixed, and a partial chunk would change the bytes.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Returns the chunk being filled. Chunks still in flight after a failure return their own input; their
    /// output buffers are left to the garbage collector.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }

        base.Dispose(disposing);
    }
}
