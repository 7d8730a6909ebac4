using System.Text;

namespace Wharf.Oci.Layout;

/// <summary>Formats a 512-byte POSIX ustar header (pax spec, "ustar Interchange Format") with the fixed metadata the
/// archive destinations use: root-owned, mode 0644 (0755 for a directory), mtime 0, so the same image gives the same
/// bytes. Every field is fixed-width, which is what lets <see cref="OnePassTarFile"/> write a header after the data
/// it describes.</summary>
internal static class UstarHeader
{
    public const int Size = 512;

    /// <summary>The largest size the 11 octal digits of the size field hold; beyond it the size is written in the
    /// base-256 form GNU tar introduced, which Go's archive/tar (docker, skopeo), GNU tar and .NET read.</summary>
    public const long MaxOctalSize = (1L << 33) - 1;

    private const int NameLength = 100;
    private const int PrefixLength = 155;

    /// <summary>Fills <paramref name="block"/> with the header of a regular file (<paramref name="directory"/>: a
    /// directory, size 0). <see cref="NotSupportedException"/> when the name fits neither the name field nor a
    /// prefix/name split at a slash (no entry this code writes comes near: digests are 64 or 128 hex digits).</summary>
    public static void Write(Span<byte> block, string name, long size, bool directory = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        block[..Size].Clear();
        var (prefix, rest) = Split(name);
        Encoding.ASCII.GetBytes(rest, block[..NameLength]);
        Encoding.ASCII.GetBytes(prefix, block.Slice(345, PrefixLength));
        Octal(block.Slice(100, 8), directory ? 0b111_101_101 : 0b110_100_100); // mode
        Octal(block.Slice(108, 8), 0); // uid
        Octal(block.Slice(116, 8), 0); // gid
        SizeField(block.Slice(124, 12), size);
        Octal(block.Slice(136, 12), 0); // mtime
        block[156] = directory ? (byte)'5' : (byte)'0';
        "ustar\0"u8.CopyTo(block[257..]);
        "00"u8.CopyTo(block[263..]);
        Octal(block.Slice(329, 8), 0); // devmajor
        Octal(block.Slice(337, 8), 0); // devminor

        // The checksum is the byte sum with its own field counted as spaces: six octal digits, NUL, space.
        "        "u8.CopyTo(block[148..]);
        var sum = 0;
        foreach (var b in block[..Size])
        {
            sum += b;
        }

        Octal(block.Slice(148, 7), sum);
        block[155] = (byte)' ';
    }

    /// <summary>Zero padding that brings <paramref name="size"/> bytes of data up to a whole 512-byte block.</summary>
    public static int Padding(long size) => (int)((Size - (size % Size)) % Size);

    private static (string Prefix, string Name) Split(string name)
    {
        if (!Ascii.IsValid(name) || name.Length == 0)
        {
            throw new NotSupportedException($"'{name}' is not a tar member name this writer supports (ASCII only)");
        }

        if (name.Length <= NameLength)
        {
            return ("", name);
        }

        // ustar: a longer path is split at a slash into prefix (≤155) and name (≤100).
        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            if (slash <= PrefixLength && name.Length - slash - 1 is > 0 and <= NameLength)
            {
                return (name[..slash], name[(slash + 1)..]);
            }
        }

        throw new NotSupportedException($"the tar member name '{name}' is too long for a ustar header");
    }

    private static void SizeField(Span<byte> field, long size)
    {
        if (size <= MaxOctalSize)
        {
            Octal(field, size);
            return;
        }

        // GNU base-256: the top bit of the first byte set, then the value big-endian in the remaining bytes.
        field.Clear();
        field[0] = 0x80;
        for (var i = field.Length - 1; i > 0 && size > 0; i--, size >>= 8)
        {
            field[i] = (byte)size;
        }
    }

    /// <summary>Zero-padded octal filling the field but its last byte, which is NUL.</summary>
    private static void Octal(Span<byte> field, long value)
    {
        field[^1] = 0;
        for (var i = field.Length - 2; i >= 0; i--, value >>= 3)
        {
            field[i] = (byte)('0' + (value & 7));
        }
    }
}
