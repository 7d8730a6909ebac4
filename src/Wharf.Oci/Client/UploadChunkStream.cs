namespace Wharf.Oci.Client;

/// <summary>The next <c>length</c> bytes of a source stream as one request body, reporting each read so a progress
/// bar moves within a chunk. Does not own the source: the next chunk continues where this one stopped.</summary>
internal sealed class UploadChunkStream(Stream source, long length, Action<long> sent) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = source.Read(buffer[..Limit(buffer.Length)]);
        return Advance(n, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await source.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);
        return Advance(n, buffer.Length);
    }

    private int Limit(int requested) => (int)Math.Min(requested, length - _position);

    private int Advance(int n, int requested)
    {
        if (n == 0 && requested > 0 && _position < length)
        {
            // Sending fewer bytes than Content-Length promised would leave the request hanging: fail it instead.
            throw new IOException($"the source ended after {_position} of the chunk's {length} bytes");
        }

        _position += n;
        sent(_position);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
