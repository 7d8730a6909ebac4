using System.Formats.Tar;
using System.Text;
using Wharf.Build.Layers;
using Wharf.Build.Native;

namespace Wharf.Build.Tests.Layers;

/// <summary>Layers made to write outside the unpack directory: every one is refused (or, for an absolute name, kept
/// inside, as docker does), and nothing outside changes.</summary>
public sealed class HostileLayerTests : IDisposable
{
    private readonly TempDirectory _dir = new("wharf-hostile-");

    public HostileLayerTests()
    {
        Directory.CreateDirectory(Target);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret"), "secret");
    }

    private string Target => _dir["target"];

    private string Outside => _dir["outside"];

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> EscapingNames => new() { "../outside/escape", "a/../../outside/escape", "./../escape", "a/b/../../../escape" };

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task A_name_climbing_out_is_refused(string name)
    {
        var error = await RefusedAsync(FileEntry(name), UnpackMode.Apply);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(_dir.Path, "escape")));
    }

    [Fact]
    public async Task An_absolute_name_lands_inside()
    {
        await UnpackAsync([FileEntry(Path.Combine(Outside, "absolute")), FileEntry("/../../rooted")], UnpackMode.Apply);
        Assert.True(File.Exists(Target + Path.Combine(Outside, "absolute")));
        Assert.True(File.Exists(Path.Combine(Target, "rooted")));
        Assert.False(Path.Exists(Path.Combine(Outside, "absolute")));
    }

    [Theory]
    [InlineData(UnpackMode.Apply)]
    [InlineData(UnpackMode.OverlayLayer)]
    public async Task A_file_through_a_symlink_is_refused(UnpackMode mode)
    {
        var error = await RefusedAsync([Symlink("link", Outside), FileEntry("link/planted")], mode);
        Assert.Contains("link/planted", error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(Outside, "planted")));
    }

    [Fact]
    public async Task A_directory_through_a_relative_symlink_is_refused()
    {
        await RefusedAsync([DirectoryEntry("d"), Symlink("d/up", "../../outside"), DirectoryEntry("d/up/made")], UnpackMode.Apply);
        Assert.False(Path.Exists(Path.Combine(Outside, "made")));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("link/secret")]
    public async Task A_hard_link_to_outside_is_refused(string target)
    {
        var passwdLinks = LinuxFiles.Lstat("/etc/passwd").LinkCount;
        await RefusedAsync([Symlink("link", Outside), HardLink("h", target)], UnpackMode.Apply);
        Assert.Equal(passwdLinks, LinuxFiles.Lstat("/etc/passwd").LinkCount);
        Assert.Equal(1u, LinuxFiles.Lstat(Path.Combine(Outside, "secret")).LinkCount);
        Assert.False(Path.Exists(Path.Combine(Target, "h")));
    }

    [Theory]
    [InlineData("link/.wh.secret", UnpackMode.Apply)]
    [InlineData("link/.wh..wh..opq", UnpackMode.Apply)]
    [InlineData("link/.wh.secret", UnpackMode.OverlayLayer)]
    [InlineData("link/.wh..wh..opq", UnpackMode.OverlayLayer)]
    public async Task A_whiteout_through_a_symlink_is_refused(string name, UnpackMode mode)
    {
        await RefusedAsync([Symlink("link", Outside), FileEntry(name)], mode);
        Assert.Equal("secret", File.ReadAllText(Path.Combine(Outside, "secret")));
        Assert.Null(LinuxFiles.GetXattr(Outside, "trusted.overlay.opaque"));
    }

    [Fact]
    public async Task Deleting_a_directory_never_follows_a_symlink_in_it()
    {
        await UnpackAsync([DirectoryEntry("d"), Symlink("d/out", Outside), Symlink("d/secret", Path.Combine(Outside, "secret"))], UnpackMode.Apply);
        await UnpackAsync([FileEntry(".wh.d")], UnpackMode.Apply);
        Assert.False(Path.Exists(Path.Combine(Target, "d")));
        Assert.Equal("secret", File.ReadAllText(Path.Combine(Outside, "secret")));
    }

    [Fact]
    public async Task A_file_replacing_a_symlink_replaces_the_link_not_its_target()
    {
        await UnpackAsync([Symlink("s", Path.Combine(Outside, "secret")), FileEntry("s")], UnpackMode.Apply);
        Assert.Equal(UnixFileKind.Regular, LinuxFiles.Lstat(Path.Combine(Target, "s")).Kind);
        Assert.Equal("secret", File.ReadAllText(Path.Combine(Outside, "secret")));
    }

    private static PaxTarEntry FileEntry(string name) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("planted")) };

    private static PaxTarEntry DirectoryEntry(string name) => new(TarEntryType.Directory, name);

    private static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    private static PaxTarEntry HardLink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };

    private Task<InvalidDataException> RefusedAsync(PaxTarEntry entry, UnpackMode mode) => RefusedAsync([entry], mode);

    private async Task<InvalidDataException> RefusedAsync(PaxTarEntry[] entries, UnpackMode mode) =>
        await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(entries, mode));

    private async Task UnpackAsync(PaxTarEntry[] entries, UnpackMode mode)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                await writer.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
            }
        }

        tar.Position = 0;
        await LayerUnpacker.UnpackAsync(tar, Target, mode, TestContext.Current.CancellationToken);
    }
}
