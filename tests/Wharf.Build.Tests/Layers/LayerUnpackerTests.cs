using System.Formats.Tar;
using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;

namespace Wharf.Build.Tests.Layers;

public sealed class LayerUnpackerTests : IDisposable
{
    private const long Mtime = 1_700_000_000;
    private readonly TempDirectory _dir = new("wharf-unpack-");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public async Task A_written_layer_unpacks_to_the_same_objects(LayerCompression compression)
    {
        var source = Directory.CreateDirectory(_dir["source"]).FullName;
        var target = Directory.CreateDirectory(_dir["target"]).FullName;
        var entries = SampleTree.Create(source, Mtime);
        await UnpackAsync(await WriteAsync(source, entries, compression), target, UnpackMode.Apply);

        foreach (var entry in entries.Where(e => e.Kind == LayerEntryKind.Object && e.Path != "run/sock"))
        {
            var expected = LinuxFiles.Lstat(Path.Combine(source, entry.Path));
            var actual = LinuxFiles.Lstat(Path.Combine(target, entry.Path));
            Assert.Equal((entry.Path, expected.Kind, expected.Uid, expected.Gid, expected.MtimeSeconds), (entry.Path, actual.Kind, actual.Uid, actual.Gid, actual.MtimeSeconds));
            Assert.Equal(0, actual.MtimeNanoseconds);
            if (expected.Kind != UnixFileKind.Symlink)
            {
                Assert.Equal((entry.Path, expected.Mode), (entry.Path, actual.Mode));
            }

            if (expected.Kind is UnixFileKind.Regular)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(source, entry.Path)), File.ReadAllBytes(Path.Combine(target, entry.Path)));
            }

            if (expected.Kind is UnixFileKind.CharDevice or UnixFileKind.BlockDevice)
            {
                Assert.Equal((expected.RdevMajor, expected.RdevMinor), (actual.RdevMajor, actual.RdevMinor));
            }

            if (expected.Kind is UnixFileKind.Symlink)
            {
                Assert.Equal(LinuxFiles.ReadLink(Path.Combine(source, entry.Path)), LinuxFiles.ReadLink(Path.Combine(target, entry.Path)));
            }
        }

        Assert.False(File.Exists(Path.Combine(target, "run/sock")));
        Assert.Equal(LinuxFiles.Lstat(Path.Combine(target, "data/a")).Inode, LinuxFiles.Lstat(Path.Combine(target, "data/b")).Inode);
        Assert.Equal(SampleTree.Capability, LinuxFiles.GetXattr(Path.Combine(target, "bin/ping"), "security.capability"));
        Assert.Null(LinuxFiles.GetXattr(Path.Combine(target, "etc/config"), "user.comment"));
        Assert.False(File.Exists(Path.Combine(target, "etc/.wh.removed")));
        Assert.False(File.Exists(Path.Combine(target, "data/.wh..wh..opq")));
    }

    [Fact]
    public async Task As_an_overlay_lower_layer_whiteouts_become_devices_and_opaque_xattrs()
    {
        var source = Directory.CreateDirectory(_dir["source"]).FullName;
        var target = Directory.CreateDirectory(_dir["target"]).FullName;
        await UnpackAsync(await WriteAsync(source, SampleTree.Create(source, Mtime), LayerCompression.Gzip), target, UnpackMode.OverlayLayer);
        var whiteout = LinuxFiles.Lstat(Path.Combine(target, "etc/removed"));
        Assert.Equal((UnixFileKind.CharDevice, 0u, 0u), (whiteout.Kind, whiteout.RdevMajor, whiteout.RdevMinor));
        Assert.Equal("y"u8.ToArray(), LinuxFiles.GetXattr(Path.Combine(target, "data"), "trusted.overlay.opaque"));
        Assert.Null(LinuxFiles.GetXattr(Path.Combine(target, "etc"), "trusted.overlay.opaque"));
        Assert.Equal(Mtime, LinuxFiles.Lstat(Path.Combine(target, "etc")).MtimeSeconds);
    }

    [Fact]
    public async Task Applied_whiteouts_delete_and_an_opaque_directory_keeps_only_this_layers_files()
    {
        var target = Directory.CreateDirectory(_dir["target"]).FullName;
        var lower = Directory.CreateDirectory(_dir["lower"]).FullName;
        Directory.CreateDirectory(Path.Combine(lower, "opaque/sub"));
        Directory.CreateDirectory(Path.Combine(lower, "gone/deep"));
        File.WriteAllText(Path.Combine(lower, "opaque/old"), "old");
        File.WriteAllText(Path.Combine(lower, "opaque/sub/old"), "old");
        File.WriteAllText(Path.Combine(lower, "gone/deep/f"), "f");
        File.WriteAllText(Path.Combine(lower, "deleted"), "d");
        File.WriteAllText(Path.Combine(lower, "kept"), "k");
        await UnpackAsync(await WriteAsync(lower, LowerEntries(lower), LayerCompression.Gzip), target, UnpackMode.Apply);

        var upper = Directory.CreateDirectory(_dir["upper"]).FullName;
        Directory.CreateDirectory(Path.Combine(upper, "opaque/sub"));
        File.WriteAllText(Path.Combine(upper, "opaque/-early"), "sorted before the marker");
        File.WriteAllText(Path.Combine(upper, "opaque/new"), "sorted after it");
        File.WriteAllText(Path.Combine(upper, "opaque/sub/new"), "new");
        LayerEntry[] changes =
        [
            new("opaque", LayerEntryKind.Object), new("opaque", LayerEntryKind.OpaqueDirectory), new("opaque/-early", LayerEntryKind.Object),
            new("opaque/new", LayerEntryKind.Object), new("opaque/sub", LayerEntryKind.Object), new("opaque/sub/new", LayerEntryKind.Object),
            new("gone", LayerEntryKind.Whiteout), new("deleted", LayerEntryKind.Whiteout), new("never-existed", LayerEntryKind.Whiteout),
        ];
        await UnpackAsync(await WriteAsync(upper, changes, LayerCompression.Zstd), target, UnpackMode.Apply);

        Assert.Equal(["kept", "opaque"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["-early", "new", "sub"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "opaque")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "opaque/sub")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Gnu_tar_archives_with_a_setuid_capability_unpack_byte_for_byte()
    {
        var source = Directory.CreateDirectory(_dir["source"]).FullName;
        var target = Directory.CreateDirectory(_dir["target"]).FullName;
        File.WriteAllText(Path.Combine(source, "newuidmap"), "binary");
        File.WriteAllText(Path.Combine(source, "plain"), "plain");
        await ExternalTool.RunAsync("setcap", "cap_setuid,cap_setgid+ep", Path.Combine(source, "newuidmap"));
        var expected = LinuxFiles.GetXattr(Path.Combine(source, "newuidmap"), "security.capability");
        Assert.False(System.Text.Unicode.Utf8.IsValid(expected)); // cap_setgid, cap_setuid are bits 6, 7: 0xc0 then 0x00
        await ExternalTool.RunAsync("tar", "--xattrs", "--xattrs-include=*", "--format=posix", "-czf", _dir["gnu.tar.gz"], "-C", source, ".");

        await using (var layer = File.OpenRead(_dir["gnu.tar.gz"]))
        {
            await LayerUnpacker.UnpackAsync(layer, target, UnpackMode.Apply, Ct);
        }

        Assert.Equal(expected, LinuxFiles.GetXattr(Path.Combine(target, "newuidmap"), "security.capability"));
        Assert.Null(LinuxFiles.GetXattr(Path.Combine(target, "plain"), "security.capability"));
        Assert.Equal("plain", File.ReadAllText(Path.Combine(target, "plain")));
    }

    [Fact]
    public async Task A_whiteout_hides_only_lower_files_whatever_its_place_in_the_layer()
    {
        var target = Directory.CreateDirectory(_dir["target"]).FullName;
        File.WriteAllText(Path.Combine(target, "before"), "lower");
        File.WriteAllText(Path.Combine(target, "after"), "lower");
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            // ".wh.before" first: the lower file goes, then this layer's own is written.
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, ".wh.before"), Ct);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "before") { DataStream = new MemoryStream("upper"u8.ToArray()) }, Ct);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "after") { DataStream = new MemoryStream("upper"u8.ToArray()) }, Ct);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, ".wh.after"), Ct);
        }

        tar.Position = 0;
        await LayerUnpacker.UnpackAsync(tar, target, UnpackMode.Apply, Ct);
        Assert.Equal("upper", File.ReadAllText(Path.Combine(target, "before")));
        Assert.Equal("upper", File.ReadAllText(Path.Combine(target, "after")));
    }

    private static IReadOnlyList<LayerEntry> LowerEntries(string root) =>
        [.. TreeWalker.Walk(root).Select(o => new LayerEntry(o.Path, LayerEntryKind.Object))];

    private static async Task<byte[]> WriteAsync(string root, IReadOnlyList<LayerEntry> entries, LayerCompression compression)
    {
        using var output = new MemoryStream();
        await LayerWriter.WriteAsync(root, entries, new LayerWriterOptions(compression, null), output, Ct);
        return output.ToArray();
    }

    private static async Task UnpackAsync(byte[] layer, string target, UnpackMode mode) =>
        await LayerUnpacker.UnpackAsync(new MemoryStream(layer), target, mode, Ct);
}
