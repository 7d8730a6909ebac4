using System.Buffers;
using System.Globalization;
using System.Text;

namespace Wharf.Build.Layers;

/// <summary>Re-dates a layer this builder wrote at one epoch to another, as a build at the new epoch writes it
/// (decision 018, "cache and epoch"): a time at or after the old epoch (what the writer clamped: a file the step made
/// or changed, a whiteout) becomes the new epoch, an earlier one (a file unpacked with its own old time) is kept unless
/// the new epoch is earlier still. Only the ustar mtime fields and checksums change; every other byte is copied, so the
/// result is the layer a cold build at the new epoch writes. A tar not in the writer's own form (a PAX mtime, a type
/// it never writes, a header that is not ustar) is refused with <see cref="InvalidDataException"/>: the step is then run.</summary>
internal static class LayerRedating
{
    private const int BlockSize = LayerTarHeader.BlockSize;

    /// <summary>The most PAX data read into memory for one member: the writer's PAX headers hold a path, a link target
    /// and a capability, far less.</summary>
    private const int MaxPaxBytes = 1 << 20;

    public static long Redate(long mtime, long from, long to) => mtime >= from ? to : Math.Min(mtime, to);

    /// <summary>Copies the tar <paramref name="source"/> to <paramref name="destination"/>, its times moved from the
    /// epoch <paramref name="from"/> to <paramref name="to"/> (unchanged when the two are equal).</summary>
    public static async Task CopyAsync(Stream source, Stream destination, long from, long to, CancellationToken ct)
    {
        var header = new byte[BlockSize];
        long? paxSize = null;
        while (true)
        {
            await source.ReadExactlyAsync(header, ct);
            if (header.All(b => b == 0))
            {
                await destination.WriteAsync(new byte[2 * BlockSize], ct); // the end of the archive, as the writer ends it
                return;
            }

            if (!header.AsSpan(257, 6).SequenceEqual("ustar\0"u8))
            {
                throw new InvalidDataException("a member header is not ustar");
            }

            var type = header[156];
            var size = ReadOctal(header.AsSpan(124, 12));
            if (type == LayerTarEntry.PaxExtended)
            {
                if (size > MaxPaxBytes)
                {
                    throw new InvalidDataException("a PAX header is larger than the layer writer writes");
                }

                var data = new byte[size + LayerTarHeader.Padding(size)];
                await source.ReadExactlyAsync(data, ct);
                paxSize = PaxSize(data.AsSpan(0, (int)size));
                await destination.WriteAsync(header, ct);
                await destination.WriteAsync(data, ct);
                continue;
            }

            if (type is < LayerTarEntry.Regular or > LayerTarEntry.Fifo)
            {
                throw new InvalidDataException($"a member of type '{(char)type}', which the layer writer never writes");
            }

            if (from != to)
            {
                var mtime = Redate(ReadOctal(header.AsSpan(136, 12)), from, to);
                LayerTarHeader.Octal(header.AsSpan(136, 12), mtime);
                LayerTarHeader.Checksum(header);
            }

            await destination.WriteAsync(header, ct);
            var dataSize = paxSize ?? size;
            paxSize = null;
            await CopyBytesAsync(source, destination, dataSize + LayerTarHeader.Padding(dataSize), ct);
        }
    }

    /// <summary>The data size a PAX header sets for its member, if any; a PAX mtime (an out-of-range time) is refused.</summary>
    private static long? PaxSize(ReadOnlySpan<byte> data)
    {
        long? size = null;
        while (data.Length > 0)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= space || length > data.Length)
            {
                throw new InvalidDataException("a PAX record is malformed");
            }

            var record = data[(space + 1)..length];
            var equals = record.IndexOf((byte)'=');
            var key = equals < 0 ? "" : Encoding.UTF8.GetString(record[..equals]);
            if (key == "mtime")
            {
                throw new InvalidDataException("a PAX mtime, which re-dating does not rewrite");
            }

            if (key == "size")
            {
                size = long.Parse(record[(equals + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture);
            }

            data = data[length..];
        }

        return size;
    }

    private static long ReadOctal(ReadOnlySpan<byte> field)
    {
        long value = 0;
        foreach (var b in field)
        {
            if (b is 0 or (byte)' ')
            {
                break;
            }

            if (b is < (byte)'0' or > (byte)'7')
            {
                throw new InvalidDataException("a header number is not octal");
            }

            value = (value << 3) | (long)(b - '0');
        }

        return value;
    }

    private static async Task CopyBytesAsync(Stream source, Stream destination, long count, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            while (count > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
                if (read == 0)
                {
                    throw new InvalidDataException("the layer ends inside a member's data");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
