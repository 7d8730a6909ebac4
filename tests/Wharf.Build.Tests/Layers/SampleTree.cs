using Wharf.Build.Filesystem;
using Wharf.Build.Native;

namespace Wharf.Build.Tests.Layers;

/// <summary>A tree with one of everything a layer carries (special mode bits, big and small ids, long and non-ASCII
/// names, symlinks, hard links, devices, a fifo, a socket, a file capability, an xattr that must be dropped), and the
/// entries that put all of it into a layer with a whiteout and an opaque directory.</summary>
internal static class SampleTree
{
    public const string LongDirectory = "long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public static readonly string LongName = LongDirectory + "/" + new string('n', 150);
    public static readonly string LongTarget = "../" + new string('t', 200);
    public static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Builds the tree under <paramref name="root"/> with every mtime at <paramref name="mtime"/> and returns the
    /// entries in a shuffled order (the writer sorts).</summary>
    public static IReadOnlyList<LayerEntry> Create(string root, long mtime)
    {
        string P(string relative) => Path.Combine(root, relative);
        foreach (var directory in new[] { "bin", "etc", "data", "dev", "run", "tmp", LongDirectory, "empty" })
        {
            Directory.CreateDirectory(P(directory));
            LinuxFiles.Chmod(P(directory), 0x1ED); // 0755
        }

        LinuxFiles.Chmod(P("tmp"), 0x3FF); // 01777
        LinuxFiles.Chmod(P("empty"), 0x1C0); // 0700
        File.WriteAllText(P("bin/tool"), "hello tool\n");
        LinuxFiles.Chmod(P("bin/tool"), 0x9ED); // 04755
        File.WriteAllBytes(P("bin/ping"), new byte[1000]);
        LinuxFiles.Chmod(P("bin/ping"), 0x1ED);
        LinuxFiles.SetXattr(P("bin/ping"), "security.capability", Capability);
        File.WriteAllText(P("etc/config"), "key=value\n");
        LinuxFiles.Chmod(P("etc/config"), 0x1A0); // 0640
        LinuxFiles.Lchown(P("etc/config"), 1000, 1001);
        LinuxFiles.SetXattr(P("etc/config"), "user.comment", "dropped"u8.ToArray());
        File.CreateSymbolicLink(P("etc/link"), "config");
        File.CreateSymbolicLink(P("etc/far"), LongTarget);
        File.WriteAllText(P("data/big-uid"), "x");
        LinuxFiles.Chmod(P("data/big-uid"), 0x1A4);
        LinuxFiles.Lchown(P("data/big-uid"), 3_000_000, 4_000_000);
        File.WriteAllText(P("data/a"), "shared content");
        LinuxFiles.Chmod(P("data/a"), 0x1A4);
        LinuxFiles.Link(P("data/a"), P("data/b"));
        LinuxFiles.Link(P("data/a"), P("elsewhere-link"));
        File.WriteAllText(P("data/naïve €.txt"), "unicode");
        LinuxFiles.Chmod(P("data/naïve €.txt"), 0x1A4);
        File.WriteAllText(P(LongName), "long");
        LinuxFiles.Chmod(P(LongName), 0x1A4);
        LinuxFiles.Mknod(P("dev/null"), UnixFileKind.CharDevice, 0x1B6, 1, 3);
        LinuxFiles.Chmod(P("dev/null"), 0x1B6);
        LinuxFiles.Mknod(P("dev/sda"), UnixFileKind.BlockDevice, 0x1B0, 8, 0);
        LinuxFiles.Chmod(P("dev/sda"), 0x1B0);
        LinuxFiles.Mknod(P("run/fifo"), UnixFileKind.Fifo, 0x1A4, 0, 0);
        LinuxFiles.Chmod(P("run/fifo"), 0x1A4);
        LinuxFiles.Mknod(P("run/sock"), UnixFileKind.Socket, 0x1ED, 0, 0); // what a bound unix socket leaves behind

        var objects = new[]
        {
            "bin", "bin/tool", "bin/ping", "etc", "etc/config", "etc/link", "etc/far", "data", "data/big-uid", "data/a",
            "data/b", "data/naïve €.txt", "dev", "dev/null", "dev/sda", "run", "run/fifo", "run/sock", "tmp", "long",
            LongDirectory, LongName, "empty",
        };
        foreach (var path in objects.Append("elsewhere-link"))
        {
            LinuxFiles.SetTimes(P(path), mtime, 123_456_789);
        }

        var entries = objects.Select(o => new LayerEntry(o, LayerEntryKind.Object))
            .Append(new LayerEntry("etc/removed", LayerEntryKind.Whiteout))
            .Append(new LayerEntry("data", LayerEntryKind.OpaqueDirectory))
            .ToList();
        return [.. entries.OrderBy(e => e.Path.GetHashCode(StringComparison.Ordinal))];
    }
}
