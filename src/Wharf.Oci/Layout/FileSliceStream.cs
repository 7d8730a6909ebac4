namespace Wharf.Oci.Layout;

/// <summary>Reads at most <c>length</c> bytes of a file from where it is positioned: one tar member read in place.
/// Owns (and disposes) the file.</summary>
internal sealed class FileSliceStream(FileStream file, long length) : Stream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = file.Read(buffer[..Limit(buffer.Length)]);
        return Advance(n, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await file.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);
        return Advance(n, buffer.Length);
    }

    private int Limit(int requested) => (int)Math.Min(requested, _remaining);

    private int Advance(int n, int requested)
    {
        if (n == 0 && requested > 0 && _remaining > 0)
        {
            throw new EndOfStreamException($"{file.Name} ends {_remaining} bytes before the end of a member it holds: the archive is truncated");
        }

        _remaining -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
