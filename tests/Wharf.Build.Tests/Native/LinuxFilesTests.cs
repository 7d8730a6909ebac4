using Wharf.Build.Native;

namespace Wharf.Build.Tests.Native;

public sealed class LinuxFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new("wharf-native-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Lstat_describes_a_regular_file()
    {
        var path = _dir["file"];
        File.WriteAllBytes(path, new byte[1234]);
        LinuxFiles.Chmod(path, 0b110_000_100);
        var status = LinuxFiles.Lstat(path);
        Assert.Equal(UnixFileKind.Regular, status.Kind);
        Assert.Equal(0b110_000_100u, status.Mode);
        Assert.Equal(1234, status.Size);
        Assert.Equal(1u, status.LinkCount);
        Assert.NotEqual(0ul, status.Inode);
        Assert.Equal(0u, status.Uid); // the tests run as root
        Assert.True(status.CtimeSeconds > 1_600_000_000);
        var mtime = File.GetLastWriteTimeUtc(path);
        Assert.Equal(new DateTimeOffset(mtime).ToUnixTimeSeconds(), status.MtimeSeconds);
    }

    [Fact]
    public void Lstat_does_not_follow_a_symlink_and_sees_special_bits()
    {
        Directory.CreateDirectory(_dir["d"]);
        LinuxFiles.Chmod(_dir["d"], 0b001_111_101_101); // 01755, sticky
        File.CreateSymbolicLink(_dir["link"], "d");
        Assert.Equal(UnixFileKind.Symlink, LinuxFiles.Lstat(_dir["link"]).Kind);
        var directory = LinuxFiles.Lstat(_dir["d"]);
        Assert.Equal(UnixFileKind.Directory, directory.Kind);
        Assert.Equal(0x3EDu, directory.Mode);
        Assert.Equal("d", LinuxFiles.ReadLink(_dir["link"]));
    }

    [Fact]
    public void Lstat_of_a_missing_path_names_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => LinuxFiles.Lstat(_dir["missing"]));
        Assert.Contains(_dir["missing"], error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mknod_makes_devices_and_fifos()
    {
        LinuxFiles.Mknod(_dir["null"], UnixFileKind.CharDevice, 0x1B6, 1, 3);
        LinuxFiles.Mknod(_dir["big"], UnixFileKind.BlockDevice, 0x1A0, 259, 70000);
        LinuxFiles.Mknod(_dir["pipe"], UnixFileKind.Fifo, 0x1A4, 0, 0);
        var character = LinuxFiles.Lstat(_dir["null"]);
        Assert.Equal((UnixFileKind.CharDevice, 1u, 3u), (character.Kind, character.RdevMajor, character.RdevMinor));
        var block = LinuxFiles.Lstat(_dir["big"]);
        Assert.Equal((UnixFileKind.BlockDevice, 259u, 70000u), (block.Kind, block.RdevMajor, block.RdevMinor));
        Assert.Equal(UnixFileKind.Fifo, LinuxFiles.Lstat(_dir["pipe"]).Kind);
        Assert.Throws<ArgumentException>(() => LinuxFiles.Mknod(_dir["x"], UnixFileKind.Regular, 0x1A4, 0, 0));
        var exists = Assert.Throws<IOException>(() => LinuxFiles.Mknod(_dir["pipe"], UnixFileKind.Fifo, 0x1A4, 0, 0));
        Assert.Equal(LinuxFiles.Eexist, exists.HResult);
    }

    [Fact]
    public void Xattrs_are_set_listed_and_read_on_the_object_itself()
    {
        var path = _dir["file"];
        File.WriteAllText(path, "x");
        Assert.Null(LinuxFiles.GetXattr(path, "user.absent"));
        LinuxFiles.SetXattr(path, "user.one", [1, 2, 3]);
        LinuxFiles.SetXattr(path, "trusted.overlay.opaque", "y"u8.ToArray());
        LinuxFiles.SetXattr(path, "user.empty", []);
        Assert.Equal([1, 2, 3], LinuxFiles.GetXattr(path, "user.one"));
        Assert.Equal("y"u8.ToArray(), LinuxFiles.GetXattr(path, "trusted.overlay.opaque"));
        Assert.Equal([], LinuxFiles.GetXattr(path, "user.empty") ?? [1]);
        Assert.Equal(["trusted.overlay.opaque", "user.empty", "user.one"], LinuxFiles.ListXattrs(path).Where(n => !n.StartsWith("security.selinux", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // trusted.* on a symlink itself: lsetxattr does not reach the target.
        File.CreateSymbolicLink(_dir["link"], "file");
        LinuxFiles.SetXattr(_dir["link"], "trusted.mark", [9]);
        Assert.Equal([9], LinuxFiles.GetXattr(_dir["link"], "trusted.mark"));
        Assert.Null(LinuxFiles.GetXattr(path, "trusted.mark"));
    }

    [Fact]
    public void Capabilities_round_trip_as_bytes()
    {
        var path = _dir["ping"];
        File.WriteAllText(path, "binary");
        var capability = CapNetRawV2();
        LinuxFiles.SetXattr(path, "security.capability", capability);
        Assert.Equal(capability, LinuxFiles.GetXattr(path, "security.capability"));
        Assert.Contains("security.capability", LinuxFiles.ListXattrs(path));
    }

    [Fact]
    public void Lchown_changes_a_symlinks_own_owner()
    {
        File.WriteAllText(_dir["file"], "x");
        File.CreateSymbolicLink(_dir["link"], "file");
        LinuxFiles.Lchown(_dir["link"], 1234, 5678);
        var link = LinuxFiles.Lstat(_dir["link"]);
        Assert.Equal((1234u, 5678u), (link.Uid, link.Gid));
        Assert.Equal(0u, LinuxFiles.Lstat(_dir["file"]).Uid);
        LinuxFiles.Lchown(_dir["file"], 70000, 70001);
        Assert.Equal(70000u, LinuxFiles.Lstat(_dir["file"]).Uid);
    }

    [Fact]
    public void SetTimes_sets_nanoseconds_on_files_and_symlinks()
    {
        File.WriteAllText(_dir["file"], "x");
        File.CreateSymbolicLink(_dir["link"], "file");
        LinuxFiles.SetTimes(_dir["file"], 1_500_000_000, 123_456_789);
        LinuxFiles.SetTimes(_dir["link"], 1_000_000_000, 5);
        var file = LinuxFiles.Lstat(_dir["file"]);
        Assert.Equal((1_500_000_000L, 123_456_789L), (file.MtimeSeconds, file.MtimeNanoseconds));
        var link = LinuxFiles.Lstat(_dir["link"]);
        Assert.Equal((1_000_000_000L, 5L), (link.MtimeSeconds, link.MtimeNanoseconds));
    }

    [Fact]
    public void Chmod_sets_special_bits_and_refuses_a_symlink()
    {
        File.WriteAllText(_dir["file"], "x");
        LinuxFiles.Chmod(_dir["file"], 0xDED); // 06755
        Assert.Equal(0xDEDu, LinuxFiles.Lstat(_dir["file"]).Mode);
        File.CreateSymbolicLink(_dir["link"], "file");
        Assert.ThrowsAny<IOException>(() => LinuxFiles.Chmod(_dir["link"], 0x1FF));
        Assert.Equal(0xDEDu, LinuxFiles.Lstat(_dir["file"]).Mode);
    }

    [Fact]
    public void ReadLink_returns_long_and_dangling_targets_verbatim()
    {
        var target = "../" + new string('a', 200) + "/" + new string('b', 200) + "/c";
        File.CreateSymbolicLink(_dir["long"], target);
        Assert.Equal(target, LinuxFiles.ReadLink(_dir["long"]));
        File.CreateSymbolicLink(_dir["abs"], "/etc/passwd");
        Assert.Equal("/etc/passwd", LinuxFiles.ReadLink(_dir["abs"]));
        Assert.ThrowsAny<IOException>(() => LinuxFiles.ReadLink(_dir["missing"]));
    }

    [Fact]
    public void Link_makes_a_second_name_for_the_same_inode()
    {
        File.WriteAllText(_dir["a"], "x");
        LinuxFiles.Link(_dir["a"], _dir["b"]);
        var a = LinuxFiles.Lstat(_dir["a"]);
        var b = LinuxFiles.Lstat(_dir["b"]);
        Assert.Equal((a.Device, a.Inode), (b.Device, b.Inode));
        Assert.Equal(2u, b.LinkCount);
        Assert.Throws<FileNotFoundException>(() => LinuxFiles.Link(_dir["missing"], _dir["c"]));
    }

    /// <summary>A VFS_CAP_REVISION_2 value granting cap_net_raw (bit 13) permitted and effective, as setcap writes.</summary>
    internal static byte[] CapNetRawV2() =>
        [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}
