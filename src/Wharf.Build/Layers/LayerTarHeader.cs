using System.Text;

namespace Wharf.Build.Layers;

/// <summary>Encodes a <see cref="LayerTarEntry"/> as a ustar header (POSIX pax, "ustar Interchange Format"), preceded
/// by a PAX extended header only when a field does not fit ustar: a name or link target too long or not ASCII, an id,
/// size or mtime out of octal range, or the capability xattr. Written by hand rather than with TarWriter, which puts
/// the process id into PAX header names and orders PAX records by dictionary: a layer's bytes must depend on its
/// content only. uname and gname stay empty (numeric ids only), and no atime or ctime is ever written.</summary>
internal static class LayerTarHeader
{
    public const int BlockSize = 512;

    private const int NameLength = 100;
    private const int PrefixLength = 155;
    private const long MaxOctal7 = 0x1FFFFF; // 07777777: mode, uid, gid, devmajor, devminor
    private const long MaxOctal11 = 0x1FFFFFFFF; // 077777777777: size, mtime

    /// <summary>The header blocks for the entry: [PAX header, PAX data, padding,] ustar header.</summary>
    public static byte[] Encode(LayerTarEntry entry)
    {
        var pax = new PaxRecords();
        var (prefix, name) = SplitName(entry.Name, pax);
        var linkName = entry.LinkName ?? "";
        if (!Ascii.IsValid(linkName) || linkName.Length > NameLength)
        {
            pax.Add("linkpath", linkName);
            linkName = Truncate(linkName, NameLength);
        }

        var uid = FitOrPax(pax, "uid", entry.Uid, MaxOctal7);
        var gid = FitOrPax(pax, "gid", entry.Gid, MaxOctal7);
        var size = FitOrPax(pax, "size", entry.Size, MaxOctal11);
        var mtime = FitOrPax(pax, "mtime", entry.MtimeSeconds, MaxOctal11);
        if (entry.Capability is { } capability)
        {
            pax.Add("SCHILY.xattr.security.capability", capability);
        }

        var ustar = new byte[BlockSize];
        var block = ustar.AsSpan();
        Encoding.ASCII.GetBytes(name, block[..NameLength]);
        Octal(block.Slice(100, 8), entry.Mode & 0xFFF);
        Octal(block.Slice(108, 8), uid);
        Octal(block.Slice(116, 8), gid);
        Octal(block.Slice(124, 12), size);
        Octal(block.Slice(136, 12), mtime);
        block[156] = entry.TypeFlag;
        Encoding.ASCII.GetBytes(linkName, block.Slice(157, NameLength));
        "ustar\0"u8.CopyTo(block[257..]);
        "00"u8.CopyTo(block[263..]);
        Number(block.Slice(329, 8), entry.DevMajor);
        Number(block.Slice(337, 8), entry.DevMinor);
        Encoding.ASCII.GetBytes(prefix, block.Slice(345, PrefixLength));
        Checksum(block);
        if (pax.IsEmpty)
        {
            return ustar;
        }

        var data = pax.ToBytes();
        var paxHeader = new LayerTarEntry(PaxHeaderName(entry.Name), LayerTarEntry.PaxExtended, 0x1A4, 0, 0, data.Length, 0);
        var output = new byte[BlockSize + data.Length + Padding(data.Length) + BlockSize];
        Encode(paxHeader).CopyTo(output, 0);
        data.CopyTo(output, BlockSize);
        ustar.CopyTo(output, output.Length - BlockSize);
        return output;
    }

    /// <summary>Zero bytes that bring <paramref name="size"/> bytes of data up to a whole block.</summary>
    public static int Padding(long size) => (int)((BlockSize - (size % BlockSize)) % BlockSize);

    /// <summary>"PaxHeaders/" and the base name, cut to the name field: deterministic (GNU tar's default names hold the
    /// process id) and ASCII, so the PAX header itself never needs one.</summary>
    internal static string PaxHeaderName(string name)
    {
        var trimmed = name.TrimEnd('/');
        var baseName = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        var ascii = new string([.. baseName.Select(c => c is >= ' ' and < (char)0x7F ? c : '_')]);
        return Truncate("PaxHeaders/" + ascii, NameLength);
    }

    private static (string Prefix, string Name) SplitName(string name, PaxRecords pax)
    {
        if (Ascii.IsValid(name))
        {
            if (name.Length <= NameLength)
            {
                return ("", name);
            }

            // ustar: a longer name is split at a slash into prefix (≤155) and name (≤100).
            for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = name.IndexOf('/', slash + 1))
            {
                if (slash <= PrefixLength && name.Length - slash - 1 is > 0 and <= NameLength)
                {
                    return (name[..slash], name[(slash + 1)..]);
                }
            }
        }

        pax.Add("path", name);
        var ascii = new string([.. name.Select(c => c < (char)0x80 ? c : '_')]);
        return ("", Truncate(ascii, NameLength));
    }

    private static long FitOrPax(PaxRecords pax, string key, long value, long max)
    {
        if (value >= 0 && value <= max)
        {
            return value;
        }

        pax.Add(key, value);
        return 0;
    }

    private static string Truncate(string text, int length) =>
        Encoding.UTF8.GetByteCount(text) <= length ? text : new string([.. text.Where(c => c < (char)0x80).Take(length)]);

    /// <summary>Octal when it fits, else GNU's base-256 (device numbers have no PAX key; GNU tar, Go and .NET read it).</summary>
    private static void Number(Span<byte> field, long value)
    {
        if (value <= MaxOctal7)
        {
            Octal(field, value);
            return;
        }

        field.Clear();
        field[0] = 0x80;
        for (var i = field.Length - 1; i > 0 && value > 0; i--, value >>= 8)
        {
            field[i] = (byte)value;
        }
    }

    /// <summary>Zero-padded octal filling the field but its last byte, which is NUL.</summary>
    internal static void Octal(Span<byte> field, long value)
    {
        field[^1] = 0;
        for (var i = field.Length - 2; i >= 0; i--, value >>= 3)
        {
            field[i] = (byte)('0' + (value & 7));
        }
    }

    /// <summary>The byte sum of the header with the checksum field counted as spaces: six octal digits, NUL, space.</summary>
    internal static void Checksum(Span<byte> block)
    {
        "        "u8.CopyTo(block[148..]);
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        Octal(block.Slice(148, 7), sum);
        block[155] = (byte)' ';
    }
}
