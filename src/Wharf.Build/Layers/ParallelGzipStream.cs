using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Threading.Channels;
using Wharf.Oci;

namespace Wharf.Build.Layers;

/// <summary>Writes one gzip member (RFC 1952) as pigz does, compressing up to <c>concurrency</c> chunks at once, and
/// still in one pass with bounded memory; it also computes the SHA-256 of what is written to it (the layer's diffID).
/// The tar is cut into chunks of a fixed size (1 MiB); each is deflated on its own by <see cref="DeflateChunk"/> (a
/// fresh compressor, no dictionary from the chunk before: .NET does not expose zlib's deflateSetDictionary, and without
/// one the cost is about 0.1% in size) and the segments are written in order, the last one final. The bytes therefore
/// depend only on the tar and the chunk size, never on how many chunks were in flight, the machine's cores or the
/// timing; they do depend on the zlib-ng that ships with the .NET runtime, so a different runtime may give a different
/// digest for the same tar, never a different diffID.
/// <para>Three kinds of work run at once: the caller's thread only fills chunks (reading the files is its work); up to
/// <c>concurrency</c> chunks are deflated on the thread pool; and one ordered stage takes the chunks in order, adds each
/// to the diffID's SHA-256 and the CRC-32, and writes its segment to <c>inner</c> (whose own hashing, the layer's
/// digest, therefore runs there too). Both hashes are sequential by nature and, with SHA-NI, cost a third as much per
/// byte as deflate: on the caller's thread they left a core idle whenever chunks compressed faster than one thread could
/// hash them (random data, which is stored) — decision 020.</para>
/// Every header byte is fixed (.NET's GZipStream writes an OS byte that depends on the platform): 1f 8b 08, no flags,
/// MTIME 0, XFL 0, OS 255 (unknown). The trailer is the CRC-32 of the tar and ISIZE, both little-endian. Memory: the
/// chunk being filled and at most <c>concurrency</c> + 1 chunks in flight, each with its output (3 MiB a chunk with the
/// pool's rounding: 10 MiB on two cores, 28 MiB at most).
/// Writes are asynchronous only; <see cref="FinishAsync"/> writes the end; <c>inner</c> is never closed.</summary>
internal sealed class ParallelGzipStream : Stream
{
    /// <summary>The chunk size every layer is cut at. Fixed, because the bytes depend on it: 1 MiB keeps the loss from
    /// starting each chunk without a dictionary negligible and still gives a 20 MiB layer twenty pieces.</summary>
    public const int ChunkSize = 1024 * 1024;

    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

    private readonly Stream _inner;
    private readonly int _concurrency;
    private readonly Channel<PendingChunk> _ordered;
    private readonly CancellationTokenSource _abandon = new();
    private readonly IncrementalHash _tarHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Crc32 _crc = new();
    private readonly Task _writing;
    private byte[]? _chunk;
    private int _filled;
    private long _submitted;
    private Digest? _tarDigest;

    /// <param name="concurrency">How many chunks may be compressed at once; 1 compresses on the caller's thread. The
    /// bytes are the same for every value.</param>
    public ParallelGzipStream(Stream inner, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _inner = inner;
        _concurrency = concurrency;
        // The queue holds the chunks compressing (or compressed) ahead of the one the ordered stage is writing.
        _ordered = Channel.CreateBounded<PendingChunk>(new BoundedChannelOptions(concurrency) { SingleReader = true, SingleWriter = true });
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _writing = Task.Run(WriteInOrderAsync);
    }

    /// <summary>How many chunks to compress at once by default: one per core, up to 8. Beyond that the ordered stage
    /// (SHA-256 of the tar and of the output, CRC-32) is the limit, at about 8 × zlib's level-6 speed.</summary>
    public static int DefaultConcurrency => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>The SHA-256 of every byte written (the tar): the layer's diffID. Known once <see cref="FinishAsync"/>
    /// has returned.</summary>
    public Digest TarDigest => _tarDigest ?? throw new InvalidOperationException("the gzip stream is not finished");

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    /// <summary>The bytes written so far (of the tar, not of the output).</summary>
    public override long Position
    {
        get => _submitted + _filled;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
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

    /// <summary>Compresses the last chunk as final and waits until every segment, then CRC-32 and ISIZE (the length
    /// modulo 2^32), are written. Call once; nothing may be written after.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        await SubmitAsync(final: true, ct);
        _ordered.Writer.Complete();
        await _writing.WaitAsync(ct);
        _tarDigest = Digest.FromHash(Digest.Sha256, _tarHash.GetHashAndReset());
    }

    /// <summary>Hands the chunk being filled to a compressor (this thread's when <c>concurrency</c> is 1) and queues it
    /// for the ordered stage, first waiting while <c>concurrency</c> chunks are queued: so at most that many compress
    /// ahead of the one being written.</summary>
    private async ValueTask SubmitAsync(bool final, CancellationToken ct)
    {
        var chunk = _chunk!;
        var length = _filled;
        _submitted += length;
        _chunk = final ? null : ArrayPool<byte>.Shared.Rent(ChunkSize);
        _filled = 0;

        try
        {
            if (!await _ordered.Writer.WaitToWriteAsync(ct))
            {
                throw new InvalidOperationException("the gzip stream's writing stage stopped");
            }
        }
        catch (Exception) when (_writing.IsFaulted)
        {
            await _writing; // the ordered stage failed (the destination, a compressor): its exception is the one to see
            throw;
        }

        var segment = _concurrency == 1
            ? Task.FromResult(DeflateChunk.Compress(chunk.AsSpan(0, length), final))
            : Task.Run(() => DeflateChunk.Compress(chunk.AsSpan(0, length), final), CancellationToken.None);
        _ordered.Writer.TryWrite(new PendingChunk(chunk, length, segment)); // the only writer, and there is room
    }

    /// <summary>The ordered stage: header, each chunk's hashes and segment in order, trailer. On failure it closes the
    /// queue with the exception, so the writing side stops at its next chunk.</summary>
    private async Task WriteInOrderAsync()
    {
        try
        {
            var ct = _abandon.Token;
            await _inner.WriteAsync(Header, ct);
            await foreach (var pending in _ordered.Reader.ReadAllAsync(ct))
            {
                var tar = pending.Chunk.AsSpan(0, pending.Length);
                _tarHash.AppendData(tar); // while the chunk compresses: both only read it
                _crc.Append(tar);
                var segment = await pending.Segment;
                ArrayPool<byte>.Shared.Return(pending.Chunk);
                try
                {
                    await _inner.WriteAsync(segment.Buffer.AsMemory(0, segment.Length), ct);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(segment.Buffer);
                }
            }

            var trailer = new byte[8];
            _crc.GetCurrentHash(trailer.AsSpan(0, 4)); // System.IO.Hashing gives the CRC little-endian, as gzip stores it
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_submitted));
            await _inner.WriteAsync(trailer, ct);
        }
        catch (Exception e)
        {
            _ordered.Writer.TryComplete(e);
            throw;
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

    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        await base.DisposeAsync();
    }

    /// <summary>Stops the ordered stage if the stream was not finished (a failed layer: nothing more reaches
    /// <c>inner</c>) and returns the chunk being filled. Chunks still queued then are left to the garbage
    /// collector.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private async ValueTask StopAsync()
    {
        if (_chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }

        if (!_writing.IsCompleted)
        {
            await _abandon.CancelAsync();
            _ordered.Writer.TryComplete();
        }

        try
        {
            await _writing;
        }
        catch (Exception)
        {
            // Abandoned, or failed: either way the caller has seen (or is handling) the failure that made it stop.
        }

        _abandon.Dispose();
        _tarHash.Dispose();
    }

    private sealed record PendingChunk(byte[] Chunk, int Length, Task<DeflateSegment> Segment);
}
