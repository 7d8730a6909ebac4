namespace Wharf.Build.Tests.Building;

/// <summary>Reproducible by default: the epoch comes from the request, else the context's git commit time, else 0;
/// a changed file changes exactly one layer; --no-reproducible keeps real times; zstd layers on request.</summary>
public sealed class ReproducibilityTests : IDisposable
{
    private const string Dockerfile = BuildWorkspace.BusyboxStage + "\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\nCMD [\"cat\", \"/a.txt\"]\n";

    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task The_epoch_of_a_git_context_is_its_commit_time()
    {
        var context = _workspace.Context("git", Dockerfile, new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" });
        await ExternalTool.RunAsync("git", "-C", context, "init", "-q");
        await ExternalTool.RunAsync("git", "-C", context, "add", ".");
        await ExternalTool.RunAsync("git", "-C", context, "-c", "user.name=t", "-c", "user.email=t@example.net", "commit", "-q", "-m", "x", "--date", "@1700000000");
        await ExternalTool.RunAsync("env", "GIT_COMMITTER_DATE=@1700000000", "git", "-C", context, "-c", "user.name=t", "-c", "user.email=t@example.net", "commit", "-q", "--amend", "--no-edit", "--date", "@1700000000");

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal("2023-11-14T22:13:20Z", tree.Config.Created);
        Assert.All(tree.Config.History!, h => Assert.Equal("2023-11-14T22:13:20Z", h.Created));
        Assert.All(tree.Files.Values, f => Assert.True(f.ModificationTime.ToUnixTimeSeconds() <= 1700000000));
    }

    [Fact]
    public async Task A_builder_that_does_not_read_the_contexts_git_never_runs_it_and_builds_at_0()
    {
        var marker = Path.Combine(_workspace.Root, "git-ran-the-contexts-program");
        var context = _workspace.Context("hostile", Dockerfile, new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" });
        await Wharf.TestKit.HostileGitWorkTree.CreateAsync(context, marker, TestContext.Current.CancellationToken);
        using var server = new BuildWorkspace(adjust: o => o with { EpochFromContextGit = false });

        var (served, _) = await server.BuildAsync(context);

        Assert.False(File.Exists(marker), "the builder ran git in the context, and git ran the context's own program");
        Assert.Equal("1970-01-01T00:00:00Z", (await ImageTree.ReadAsync(served.Image)).Config.Created);
        // What the option is for: a builder that does read git (the CLI's, on its user's own files) runs it.
        var (local, _) = await _workspace.BuildAsync(context);
        Assert.True(File.Exists(marker));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Wharf.TestKit.HostileGitWorkTree.CommitTime).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            (await ImageTree.ReadAsync(local.Image)).Config.Created);
    }

    [Fact]
    public async Task A_changed_file_changes_exactly_one_layer()
    {
        var files = new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" };
        var (first, _) = await _workspace.BuildAsync(_workspace.Context("one", Dockerfile, files));
        files["a.txt"] = "A";

        var (second, _) = await _workspace.BuildAsync(_workspace.Context("two", Dockerfile, files));

        var before = (await ImageTree.ReadAsync(first.Image)).Layers.Select(l => l.Digest).ToList();
        var after = (await ImageTree.ReadAsync(second.Image)).Layers.Select(l => l.Digest).ToList();
        Assert.Equal(before.Count, after.Count);
        Assert.Single(before.Zip(after), pair => pair.First != pair.Second);
        Assert.NotEqual(before[2], after[2]);
    }

    [Fact]
    public async Task Without_reproducibility_files_keep_their_times_and_created_is_now()
    {
        var context = _workspace.Context("real", Dockerfile, new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" });
        var mtime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(context, "a.txt"), mtime);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Reproducible = false });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(new DateTimeOffset(mtime), tree.Files["a.txt"].ModificationTime);
        Assert.True(DateTimeOffset.Parse(tree.Config.Created!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Zstd_layers_on_request_hold_the_same_files()
    {
        var context = _workspace.Context("zstd", Dockerfile, new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" });
        var (gzip, _) = await _workspace.BuildAsync(context);

        var (zstd, _) = await _workspace.BuildAsync(context, r => r with { Compression = Wharf.Build.Layers.LayerCompression.Zstd, NoCache = true });

        var gzipTree = await ImageTree.ReadAsync(gzip.Image);
        var zstdTree = await ImageTree.ReadAsync(zstd.Image);
        Assert.All(zstdTree.Layers, l => Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", l.MediaType));
        Assert.Equal(gzipTree.Files, zstdTree.Files);
        Assert.Equal(gzipTree.Config.RootFs.DiffIds, zstdTree.Config.RootFs.DiffIds);
    }
}
