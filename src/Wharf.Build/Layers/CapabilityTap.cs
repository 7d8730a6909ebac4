using System.Text;

namespace Wharf.Build.Layers;

/// <summary>Watches the tar stream on its way into TarReader and keeps the raw bytes of each member's
/// <c>SCHILY.xattr.security.capability</c> PAX record. TarReader decodes every PAX value as UTF-8, which turns a
/// capability's bytes ≥ 0x80 (cap_setuid is bit 7) into U+FFFD; the file would get a broken capability. The tap
/// follows the block structure itself (headers, PAX data, data lengths); when TarReader has returned a member,
/// <see cref="CurrentCapability"/> is that member's value, and <see cref="CapabilityFor"/> checks it against what
/// TarReader decoded so the two can never silently disagree.</summary>
internal sealed class CapabilityTap(Stream inner) : Stream
{
    private const string CapabilityKey = "SCHILY.xattr.security.capability";
    private const int BlockSize = 512;
    private const int MaxPaxData = 1 << 20;

    private readonly byte[] _header = new byte[BlockSize];
    private int _headerFill;
    private long _skip;
    private MemoryStream? _pax;
    private long _paxLength;
    private byte[]? _pendingCapability;
    private long? _pendingSize;

    /// <summary>The capability of the last member whose header has passed, or null.</summary>
    public byte[]? CurrentCapability { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The raw capability of the member TarReader just returned, given the value it decoded.</summary>
    public byte[] CapabilityFor(string decoded, string entryName)
    {
        if (CurrentCapability is not { } raw || Encoding.UTF8.GetString(raw) != decoded)
        {
            throw new InvalidDataException($"layer entry '{entryName}': its security.capability record could not be read back byte for byte");
        }

        return raw;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                var count = (int)Math.Min(_skip, data.Length);
                if (_pax is not null && _pax.Length < _paxLength)
                {
                    _pax.Write(data[..(int)Math.Min(count, _paxLength - _pax.Length)]);
                }

                _skip -= count;
                data = data[count..];
                if (_skip == 0 && _pax is not null)
                {
                    ReadPaxRecords(_pax.ToArray());
                    _pax = null;
                }

                continue;
            }

            var take = Math.Min(BlockSize - _headerFill, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            data = data[take..];
            if (_headerFill == BlockSize)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            return; // an end-of-archive block
        }

        var type = _header[156];
        var size = Size(_header.AsSpan(124, 12));
        switch (type)
        {
            case (byte)'x':
                _pax = size <= MaxPaxData ? new MemoryStream() : null;
                _paxLength = size;
                break;
            case (byte)'g' or (byte)'L' or (byte)'K':
                break;
            default:
                size = type is (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6' ? 0 : _pendingSize ?? size;
                CurrentCapability = _pendingCapability;
                _pendingCapability = null;
                _pendingSize = null;
                break;
        }

        _skip = size + ((BlockSize - (size % BlockSize)) % BlockSize);
        if (_skip == 0 && _pax is not null)
        {
            _pax = null; // an empty PAX header
        }
    }

    private void ReadPaxRecords(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], out var length) || length <= space || length > data.Length)
            {
                return; // malformed: TarReader will refuse it
            }

            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals > 0)
            {
                var key = Encoding.UTF8.GetString(record[..equals]);
                var value = record[(equals + 1)..];
                if (key == CapabilityKey)
                {
                    _pendingCapability = value.ToArray();
                }
                else if (key == "size" && long.TryParse(value, out var size))
                {
                    _pendingSize = size;
                }
            }

            data = data[length..];
        }
    }

    /// <summary>The size field: octal, or GNU base-256 when the top bit of its first byte is set.</summary>
    private static long Size(ReadOnlySpan<byte> field)
    {
        long value = 0;
        if ((field[0] & 0x80) != 0)
        {
            foreach (var b in field[1..])
            {
                value = (value << 8) | b;
            }

            return value;
        }

        foreach (var b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                value = (value << 3) | (uint)(b - '0');
            }
            else if (value > 0 || b is not ((byte)' ' or 0))
            {
                break;
            }
        }

        return value;
    }
}
