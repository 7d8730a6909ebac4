using System.Formats.Tar;

namespace Wharf.Build.Tests.Building;

/// <summary>ADD of a git repository, served by a real <c>git daemon</c> on loopback: the default branch, a tag with a
/// subdir, a branch with <c>--keep-git-dir</c>, a commit id, <c>--checksum</c>, <c>mtime=commit</c>; modes 644/755
/// as the reference says, root's or <c>--chown</c>'s files, and no <c>.git</c> unless kept.</summary>
public sealed class AddGitTests : IAsyncLifetime
{
    private readonly BuildWorkspace _workspace = new();
    private GitDaemon? _daemon;
    private string _first = "";
    private string _second = "";
    private string _feature = "";

    private GitDaemon Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        var served = Directory.CreateDirectory(Path.Combine(_workspace.Root, "served")).FullName;
        var repo = Path.Combine(served, "repo.git");
        await GitAsync(served, "init", "-q", "-b", "main", repo);
        await WriteAsync(repo, "README.md", "v1\n");
        await WriteAsync(repo, "docs/guide/intro.txt", "intro v1\n");
        await WriteAsync(repo, "bin/tool", "#!/bin/sh\necho tool\n");
        Wharf.Build.Native.LinuxFiles.Chmod(Path.Combine(repo, "bin/tool"), 0b111_100_100); // git keeps only "executable"
        File.CreateSymbolicLink(Path.Combine(repo, "link"), "README.md");
        _first = await CommitAsync(repo, "first");
        await GitAsync(repo, "tag", "-a", "v1", "-m", "version 1");
        await WriteAsync(repo, "README.md", "v2\n");
        await WriteAsync(repo, "docs/guide/intro.txt", "intro v2\n");
        _second = await CommitAsync(repo, "second");
        await GitAsync(repo, "checkout", "-q", "-b", "feature");
        await WriteAsync(repo, "feature.txt", "feature\n");
        _feature = await CommitAsync(repo, "feature");
        await GitAsync(repo, "checkout", "-q", "main");
        _daemon = await GitDaemon.StartAsync(served);
    }

    public ValueTask DisposeAsync()
    {
        _daemon?.Dispose();
        _workspace.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_default_branch_lands_without_git_with_the_references_modes_and_the_same_digest_twice()
    {
        var context = _workspace.Context("git-default", $"FROM scratch\nADD {Daemon.Url("repo.git")} /src\n");

        var (first, log) = await _workspace.BuildAsync(context);
        var (second, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(first.Image);
        Assert.Equal(
            ["src", "src/README.md", "src/bin", "src/bin/tool", "src/docs", "src/docs/guide", "src/docs/guide/intro.txt", "src/link"],
            tree.Files.Keys);
        Assert.Equal("v2\n", await RunStepTests.ReadFileAsync(first, "src/README.md"));
        Assert.Equal((0b110_100_100, 0, 0), (tree.Files["src/README.md"].Mode, tree.Files["src/README.md"].Uid, tree.Files["src/README.md"].Gid));
        Assert.Equal(0b111_101_101, tree.Files["src/bin/tool"].Mode);
        Assert.All(["src", "src/bin", "src/docs", "src/docs/guide"], d => Assert.Equal(0b111_101_101, tree.Files[d].Mode));
        Assert.Equal((TarEntryType.SymbolicLink, "README.md"), (tree.Files["src/link"].Type, tree.Files["src/link"].LinkTarget));
        Assert.Contains($"checked out {_second}", log.Lines);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }

    [Fact]
    public async Task A_tag_with_a_subdir_and_a_matching_checksum_adds_that_directory_of_that_commit()
    {
        var context = _workspace.Context("git-tag", $"FROM scratch\nADD --checksum={_first[..7]} {Daemon.Url("repo.git")}#v1:docs /docs\n");

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["docs", "docs/guide", "docs/guide/intro.txt"], tree.Files.Keys);
        Assert.Equal("intro v1\n", await RunStepTests.ReadFileAsync(result, "docs/guide/intro.txt"));
    }

    [Fact]
    public async Task A_branch_with_keep_git_dir_and_chown_keeps_a_git_directory_at_its_commit()
    {
        var context = _workspace.Context("git-keep", $"FROM scratch\nADD --keep-git-dir=true --chown=1000:1000 {Daemon.Url("repo.git")}#feature /kept/\n");

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal("feature\n", await RunStepTests.ReadFileAsync(result, "kept/feature.txt"));
        Assert.Equal((1000, 1000), (tree.Files["kept/feature.txt"].Uid, tree.Files["kept/feature.txt"].Gid));
        Assert.Equal(_feature + "\n", await RunStepTests.ReadFileAsync(result, "kept/.git/HEAD"));
        Assert.DoesNotContain(tree.Files.Keys, k => k.EndsWith("FETCH_HEAD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_id_as_the_ref_and_mtime_commit_give_that_commit_with_its_time()
    {
        var context = _workspace.Context("git-commit", $"FROM scratch\nADD {Daemon.Url("repo.git")}?mtime=commit#{_first} /src/\n");
        var commitTime = long.Parse((await GitAsync(Path.Combine(Daemon.Root, "repo.git"), "log", "-1", "--format=%ct", _first)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Reproducible = false });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal("v1\n", await RunStepTests.ReadFileAsync(result, "src/README.md"));
        Assert.Equal(commitTime, tree.Files["src/README.md"].ModificationTime.ToUnixTimeSeconds());
        Assert.Equal(commitTime, tree.Files["src/docs/guide"].ModificationTime.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Without_mtime_commit_files_have_the_time_of_the_checkout()
    {
        var context = _workspace.Context("git-mtime", $"FROM scratch\nADD {Daemon.Url("repo.git")} /src/\n");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Reproducible = false });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.InRange(tree.Files["src/README.md"].ModificationTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData("--checksum=deadbeef {0}", "Dockerfile:2: ADD: expected checksum to match deadbeef, got {1}")]
    [InlineData("{0}#no-such-ref", "Dockerfile:2: ADD: repository {0} does not contain ref no-such-ref")]
    [InlineData("{0}#main:nowhere", "Dockerfile:2: ADD: {0}: the subdir nowhere is not a directory of the repository")]
    [InlineData("--keep-git-dir=false {0}?keep-git-dir=true", "Dockerfile:2: ADD: inconsistent keep-git-dir configuration")]
    [InlineData("--checksum={2} {0} other.txt", "Dockerfile:2: ADD: checksum can't be specified for multiple sources")]
    public async Task A_bad_git_source_fails_in_one_line(string add, string message)
    {
        var url = Daemon.Url("repo.git");
        var context = _workspace.Context("git-bad", $"FROM scratch\nADD {string.Format(System.Globalization.CultureInfo.InvariantCulture, add, url, _second, _first[..7])} /src/\n",
            new Dictionary<string, string> { ["other.txt"] = "x" });

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, url, _second), failure.Message);
    }

    [Fact]
    public async Task A_commit_already_checked_out_is_added_again_without_the_remote_and_an_unchanged_one_is_cached()
    {
        var context = _workspace.Context("git-kept", $"FROM scratch\nADD {Daemon.Url("repo.git")}#{_first} /src/\n");
        var (first, firstLog) = await _workspace.BuildAsync(context);
        Daemon.Dispose(); // nothing can be fetched from here on

        var (again, againLog) = await _workspace.BuildAsync(context, r => r with { NoCache = true });
        var (cached, cachedLog) = await _workspace.BuildAsync(context);

        Assert.Contains(firstLog.Lines, l => l.StartsWith("fetching ", StringComparison.Ordinal));
        Assert.DoesNotContain(againLog.Lines, l => l.StartsWith("fetching ", StringComparison.Ordinal));
        Assert.Contains($"using the checkout of {_first}", againLog.Lines);
        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
        Assert.Contains(" ---> cached", cachedLog.Lines);
        Assert.DoesNotContain(cachedLog.Lines, l => l.Contains(_first, StringComparison.Ordinal) && !l.StartsWith('['));
        Assert.Equal(first.ManifestDigest, cached.ManifestDigest);
    }

    [Fact]
    public async Task An_unchanged_branch_is_a_cache_hit_and_a_new_commit_on_it_is_added_again()
    {
        var repo = Path.Combine(Daemon.Root, "repo.git");
        var context = _workspace.Context("git-branch", $"FROM scratch\nADD {Daemon.Url("repo.git")}#main /src/\n");
        var (first, _) = await _workspace.BuildAsync(context);

        var (unchanged, unchangedLog) = await _workspace.BuildAsync(context);
        await WriteAsync(repo, "README.md", "v3\n");
        var third = await CommitAsync(repo, "third");
        var (changed, changedLog) = await _workspace.BuildAsync(context);

        Assert.Equal(first.ManifestDigest, unchanged.ManifestDigest);
        Assert.Contains(" ---> cached", unchangedLog.Lines);
        Assert.DoesNotContain(unchangedLog.Lines, l => l.StartsWith("fetching ", StringComparison.Ordinal) || l.StartsWith("using the checkout", StringComparison.Ordinal));
        Assert.Contains($"checked out {third}", changedLog.Lines);
        Assert.DoesNotContain(" ---> cached", changedLog.Lines.Skip(3));
        Assert.Equal("v3\n", await RunStepTests.ReadFileAsync(changed, "src/README.md"));
    }

    [Fact]
    public async Task Copy_refuses_a_repository()
    {
        var context = _workspace.Context("git-copy", $"FROM scratch\nCOPY {Daemon.Url("repo.git")} /src/\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:2: COPY: source can't be a git ref for COPY", failure.Message);
    }

    private static async Task WriteAsync(string repo, string path, string text)
    {
        var full = Path.Combine(repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, text);
        await GitAsync(repo, "add", path);
    }

    private static async Task<string> CommitAsync(string repo, string message)
    {
        await GitAsync(repo, "add", "-A");
        await GitAsync(repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
        return (await GitAsync(repo, "rev-parse", "HEAD")).Trim();
    }

    private static Task<string> GitAsync(string directory, params string[] arguments) =>
        ExternalTool.RunAsync("git", ["-C", directory, "-c", "user.name=Test", "-c", "user.email=test@example.com", .. arguments]);
}
