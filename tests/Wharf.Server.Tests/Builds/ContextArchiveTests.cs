using System.Formats.Tar;
using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

/// <summary><see cref="ContextArchive"/> on its own: what an uploaded context unpacks to, and every way an archive could
/// try to write outside its directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContextArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-unpack-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("wharf-test-outside-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Context => Path.Combine(_root, "context");

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public async Task Files_directories_links_and_modes_unpack_as_the_archive_says()
    {
        var setuid = ContextArchives.File("bin/tool", "#!/bin/sh");
        setuid.Mode = (UnixFileMode)Convert.ToInt32("4755", 8);
        var readOnly = ContextArchives.Directory("locked/");
        readOnly.Mode = (UnixFileMode)Convert.ToInt32("555", 8);

        await ExtractAsync(ContextArchives.Gzip(ContextArchives.Tar(
            ContextArchives.File("./a.txt", "a"),
            setuid,
            ContextArchives.Symlink("link-out", "/etc/passwd"),
            ContextArchives.Symlink("link-in", "a.txt"),
            ContextArchives.HardLink("b.txt", "a.txt"),
            readOnly,
            ContextArchives.File("locked/inside", "i"),
            new PaxTarEntry(TarEntryType.Fifo, "pipe"))), gzip: true);

        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(Context, "a.txt"), Ct));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(Context, "b.txt"), Ct));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(Context, "link-out")).LinkTarget);
        Assert.Equal("a.txt", new FileInfo(Path.Combine(Context, "link-in")).LinkTarget);
        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(Path.Combine(Context, "bin/tool")));
        Assert.Equal((UnixFileMode)Convert.ToInt32("555", 8), File.GetUnixFileMode(Path.Combine(Context, "locked")));
        Assert.Equal("i", await File.ReadAllTextAsync(Path.Combine(Context, "locked/inside"), Ct));
        Assert.False(File.Exists(Path.Combine(Context, "pipe")));
        File.SetUnixFileMode(Path.Combine(Context, "locked"), (UnixFileMode)Convert.ToInt32("755", 8));
    }

    [Fact]
    public async Task A_later_entry_replaces_a_link_instead_of_writing_through_it()
    {
        var target = Path.Combine(_outside, "victim");
        await File.WriteAllTextAsync(target, "untouched", Ct);

        await ExtractAsync(ContextArchives.Tar(ContextArchives.Symlink("victim", target), ContextArchives.File("victim", "replaced")));

        Assert.Equal("untouched", await File.ReadAllTextAsync(target, Ct));
        Assert.Null(new FileInfo(Path.Combine(Context, "victim")).LinkTarget);
        Assert.Equal("replaced", await File.ReadAllTextAsync(Path.Combine(Context, "victim"), Ct));
    }

    [Fact]
    public async Task No_entry_reaches_outside_through_links_made_by_the_archive()
    {
        await AssertRefusedAsync("goes through the symbolic link 'out'", ContextArchives.Symlink("out", _outside), ContextArchives.File("out/x", "x"));
        await AssertRefusedAsync("goes through the symbolic link 'd/up'", ContextArchives.Directory("d/"), ContextArchives.Symlink("d/up", ".."), ContextArchives.File("d/up/x", "x"));
        await AssertRefusedAsync("is a hard link to 'out'", ContextArchives.Symlink("out", "/etc/passwd"), ContextArchives.HardLink("copy", "out"));
        await AssertRefusedAsync("is under 'f', which is a file", ContextArchives.File("f", "x"), ContextArchives.File("f/g", "y"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Fact]
    public async Task A_context_that_unpacks_beyond_the_limit_is_refused()
    {
        var big = new PaxTarEntry(TarEntryType.RegularFile, "big") { DataStream = new MemoryStream(new byte[64 * 1024]) };

        var refused = await Assert.ThrowsAsync<BuildContextException>(
            () => ExtractAsync(ContextArchives.Gzip(ContextArchives.Tar(big)), gzip: true, maxBytes: 32 * 1024));

        Assert.Equal("the build context unpacks to more than 32768 bytes (Builds:MaxContextSize)", refused.Message);
    }

    private async Task AssertRefusedAsync(string expected, params TarEntry[] entries)
    {
        if (Directory.Exists(Context))
        {
            Directory.Delete(Context, recursive: true);
        }

        var refused = await Assert.ThrowsAsync<BuildContextException>(() => ExtractAsync(ContextArchives.Tar(entries)));
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    private async Task ExtractAsync(byte[] archive, bool gzip = false, long maxBytes = 1 << 20)
    {
        Directory.CreateDirectory(Context);
        await ContextArchive.ExtractAsync(new MemoryStream(archive), gzip, Context, maxBytes, Ct);
    }
}
