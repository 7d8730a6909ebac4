namespace Wharf.Build.Tests.Building;

/// <summary><c>ADD --unpack</c> (Dockerfile 1.17): a local archive is unpacked unless <c>--unpack=false</c>; a
/// downloaded one only with <c>--unpack=true</c>, and a download that is no archive is copied all the same.</summary>
public sealed class AddUnpackTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_downloaded_archive_is_unpacked_with_unpack_true_and_kept_whole_without_it()
    {
        var archive = await ArchiveAsync("remote");
        using var unpacking = new OneShotHttpServer(archive);
        using var keeping = new OneShotHttpServer(archive);
        var context = _workspace.Context("url-unpack", $"""
            FROM scratch
            ADD --unpack=true {unpacking.Url("dist/tool.tar.gz")} /opt/
            ADD {keeping.Url("dist/tool.tar.gz")} /downloads/
            """);

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["downloads", "downloads/tool.tar.gz", "opt", "opt/inside.txt"], tree.Files.Keys);
        Assert.Equal("from remote", await RunStepTests.ReadFileAsync(result, "opt/inside.txt"));
        Assert.Equal((1234, 0b110_100_000), (tree.Files["opt/inside.txt"].Uid, tree.Files["opt/inside.txt"].Mode));
        Assert.Equal((0b110_000_000, (long)archive.Length), (tree.Files["downloads/tool.tar.gz"].Mode, tree.Files["downloads/tool.tar.gz"].Size));
    }

    [Fact]
    public async Task A_download_that_is_no_archive_is_copied_with_unpack_true()
    {
        using var server = new OneShotHttpServer("plain text"u8.ToArray());
        var context = _workspace.Context("url-plain", $"FROM scratch\nADD --unpack=true {server.Url("notes.txt")} /opt/notes.txt\n");

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal("plain text", await RunStepTests.ReadFileAsync(result, "opt/notes.txt"));
    }

    [Fact]
    public async Task A_local_archive_is_copied_whole_with_unpack_false()
    {
        var context = _workspace.Context("local-keep", "FROM scratch\nADD --unpack=false bundle.tar.gz /opt/\nADD bundle.tar.gz /unpacked/\n");
        await File.WriteAllBytesAsync(Path.Combine(context, "bundle.tar.gz"), await ArchiveAsync("local"), TestContext.Current.CancellationToken);

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["opt", "opt/bundle.tar.gz", "unpacked", "unpacked/inside.txt"], tree.Files.Keys);
    }

    /// <summary>A tar.gz holding inside.txt ("from NAME", owner 1234, mode 640), made by the real tar.</summary>
    private async Task<byte[]> ArchiveAsync(string name)
    {
        var staging = Directory.CreateDirectory(Path.Combine(_workspace.Root, "staging-" + name)).FullName;
        var file = Path.Combine(staging, "inside.txt");
        await File.WriteAllTextAsync(file, "from " + name, TestContext.Current.CancellationToken);
        Wharf.Build.Native.LinuxFiles.Chmod(file, 0b110_100_000);
        var archive = Path.Combine(_workspace.Root, name + ".tar.gz");
        await ExternalTool.RunAsync("tar", "-czf", archive, "--owner=1234", "--group=0", "--numeric-owner", "-C", staging, "inside.txt");
        return await File.ReadAllBytesAsync(archive, TestContext.Current.CancellationToken);
    }
}
