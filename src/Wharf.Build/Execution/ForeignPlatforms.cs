using System.Globalization;
using Wharf.Oci;

namespace Wharf.Build.Execution;

/// <summary>Whether this machine can run a platform's programs in a RUN step: its own architecture natively (and 386
/// on amd64), another one when binfmt_misc holds an enabled handler whose magic matches that architecture's ELF
/// header, as qemu-user's registrations do (BuildKit's archutil finds the same by running a test binary).</summary>
internal static class ForeignPlatforms
{
    /// <summary>ELF class (1: 32-bit, 2: 64-bit), byte order (1: little, 2: big endian) and e_machine of each
    /// architecture, as Go names it.</summary>
    private static readonly Dictionary<string, (byte Class, byte Data, ushort Machine)> Elf = new(StringComparer.Ordinal)
    {
        ["amd64"] = (2, 1, 62),
        ["386"] = (1, 1, 3),
        ["arm64"] = (2, 1, 183),
        ["arm"] = (1, 1, 40),
        ["riscv64"] = (2, 1, 243),
        ["ppc64le"] = (2, 1, 21),
        ["s390x"] = (2, 2, 22),
        ["mips64le"] = (2, 1, 8),
        ["loong64"] = (2, 1, 258),
    };

    public static bool CanRun(Platform platform, Platform host, string binfmtDirectory)
    {
        if (platform.Os != host.Os)
        {
            return false;
        }

        if (platform.Architecture == host.Architecture || (host.Architecture, platform.Architecture) is ("amd64", "386"))
        {
            return true;
        }

        return Elf.TryGetValue(platform.Architecture, out var elf) && Directory.Exists(binfmtDirectory)
            && Directory.EnumerateFiles(binfmtDirectory)
                .Where(f => Path.GetFileName(f) is not ("register" or "status"))
                .Any(f => Handles(File.ReadAllLines(f), elf));
    }

    /// <summary>Whether a handler (the lines of its binfmt_misc entry) is enabled and matches an executable or a
    /// shared object of that ELF class, byte order and machine.</summary>
    private static bool Handles(string[] entry, (byte Class, byte Data, ushort Machine) elf)
    {
        var fields = entry.Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (entry.FirstOrDefault() != "enabled" || !fields.TryGetValue("magic", out var magicText)
            || !int.TryParse(fields.GetValueOrDefault("offset", "0"), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return false;
        }

        var magic = Convert.FromHexString(magicText);
        var mask = fields.TryGetValue("mask", out var maskText) ? Convert.FromHexString(maskText) : [.. magic.Select(_ => (byte)0xff)];
        return new ushort[] { 2, 3 }.Any(type =>
        {
            var header = Header(elf, type);
            return offset + magic.Length <= header.Length && mask.Length == magic.Length
                && magic.Select((b, i) => (header[offset + i] & mask[i]) == b).All(x => x);
        });
    }

    /// <summary>The first 20 bytes of an ELF file of that kind: ident, e_type, e_machine.</summary>
    private static byte[] Header((byte Class, byte Data, ushort Machine) elf, ushort type)
    {
        var header = new byte[20];
        "\u007fELF"u8.CopyTo(header);
        (header[4], header[5], header[6]) = (elf.Class, elf.Data, 1);
        var bigEndian = elf.Data == 2;
        (header[16], header[17]) = bigEndian ? ((byte)(type >> 8), (byte)type) : ((byte)type, (byte)(type >> 8));
        (header[18], header[19]) = bigEndian ? ((byte)(elf.Machine >> 8), (byte)elf.Machine) : ((byte)elf.Machine, (byte)(elf.Machine >> 8));
        return header;
    }
}
