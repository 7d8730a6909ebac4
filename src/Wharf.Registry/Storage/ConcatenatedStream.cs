namespace Wharf.Registry.Storage;

/// <summary>Reads segments one after another as one stream of known length, opening each only when the reader gets to
/// it and closing it once read, so the parts of an upload are read (re-hashed, or composed into a blob) without more
/// than one being open and without any of them in memory.</summary>
internal sealed class ConcatenatedStream(IReadOnlyList<StreamSegment> segments) : Stream
{
    private int _next;
    private Stream? _current;
    private long _currentLeft;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; } = segments.Sum(s => s.Length);

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_current is null || _currentLeft == 0)
        {
            await CloseCurrentAsync();
            if (_next == segments.Count)
            {
                return 0;
            }

            var segment = segments[_next++];
            if (segment.Length > 0)
            {
                _current = await segment.Open(cancellationToken);
                _currentLeft = segment.Length;
            }
        }

        var n = await _current.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _currentLeft)], cancellationToken);
        if (n == 0)
        {
            throw new IOException($"a staged segment ended {_currentLeft} bytes before its recorded length");
        }

        _currentLeft -= n;
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CloseCurrentAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    private async ValueTask CloseCurrentAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }
    }
}
