using Wharf.Build.Sources;

namespace Wharf.Build.Tests.Sources;

/// <summary>Which ADD sources are git repositories and what their fragment and query say: BuildKit's own table
/// (dfgitutil/git_ref_test.go) and its query form.</summary>
public sealed class GitSourceRefTests
{
    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com/foo")]
    [InlineData("https://example.com/foo.git/")]
    [InlineData("https://example.com/foo.git.bar")]
    [InlineData("http://github.com/docker/docker.git:#branch")]
    [InlineData("github.com/moby/buildkit")] // a local path for ADD, as in BuildKit
    [InlineData("custom.xyz/moby/buildkit.git")]
    [InlineData("file:///srv/repo.git")]
    [InlineData("./repo.git")]
    [InlineData("src/app.git")]
    [InlineData("bundle.tar.gz")]
    public void Not_a_repository(string source) => Assert.Null(GitSourceRef.TryParse(source));

    [Theory]
    [InlineData("https://example.com/foo.git", "https://example.com/foo.git", null, null)]
    [InlineData("https://example.com/foo.git#deadbeef", "https://example.com/foo.git", "deadbeef", null)]
    [InlineData("https://example.com/foo.git#release/1.2", "https://example.com/foo.git", "release/1.2", null)]
    [InlineData("git://example.com/foo", "git://example.com/foo", null, null)]
    [InlineData("ssh://git@example.com:2222/foo", "ssh://git@example.com:2222/foo", null, null)]
    [InlineData("git@github.com:moby/buildkit", "git@github.com:moby/buildkit", null, null)]
    [InlineData("git@bitbucket.org:atlassianlabs/atlassian-docker.git", "git@bitbucket.org:atlassianlabs/atlassian-docker.git", null, null)]
    [InlineData("https://github.com/foo/bar.git#baz/qux:quux/quuz", "https://github.com/foo/bar.git", "baz/qux", "quux/quuz")]
    [InlineData("https://github.com/docker/docker.git#:myfolder", "https://github.com/docker/docker.git", null, "myfolder")]
    [InlineData("git@github.com:moby/buildkit.git#v0.14.1:docs/../docs/", "git@github.com:moby/buildkit.git", "v0.14.1", "docs")]
    [InlineData("https://example.com/foo.git?ref=main&subdir=sub", "https://example.com/foo.git", "main", "sub")]
    [InlineData("https://example.com/foo.git?tag=v1", "https://example.com/foo.git", "refs/tags/v1", null)]
    [InlineData("https://example.com/foo.git?branch=dev", "https://example.com/foo.git", "refs/heads/dev", null)]
    public void A_repository_with_its_ref_and_subdir(string source, string remote, string? reference, string? subDir)
    {
        var parsed = GitSourceRef.TryParse(source);

        Assert.NotNull(parsed);
        Assert.Equal((remote, reference, subDir), (parsed.Remote, parsed.Ref, parsed.SubDir));
    }

    [Fact]
    public void The_query_sets_checksum_keep_git_dir_submodules_and_mtime()
    {
        var parsed = GitSourceRef.TryParse("https://example.com/foo.git?commit=abc123&keep-git-dir&submodules=false&mtime=commit");

        Assert.Equal(("abc123", true, false, true), (parsed!.Checksum, parsed.KeepGitDir, parsed.Submodules, parsed.MtimeFromCommit));
    }

    [Theory]
    [InlineData("https://example.com/foo.git?color=red", "unexpected query \"color\"")]
    [InlineData("https://example.com/foo.git?ref=", "query \"ref\" has no value")]
    [InlineData("https://example.com/foo.git?ref=dev#main", "ref conflicts: \"main\" vs \"dev\"")]
    [InlineData("https://example.com/foo.git?tag=v1&branch=main", "branch conflicts with tag")]
    [InlineData("https://example.com/foo.git?mtime=now", "invalid mtime value: \"now\" (must be \"checkout\" or \"commit\")")]
    public void A_bad_query_is_refused_in_buildkit_words(string source, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => GitSourceRef.TryParse(source)).Message);

    [Fact]
    public void Credentials_never_show()
    {
        var parsed = GitSourceRef.TryParse("https://user:token@example.com/foo.git#main");

        Assert.Equal("https://***@example.com/foo.git", parsed!.Shown);
        Assert.Equal("https://user:token@example.com/foo.git", parsed.Remote);
    }
}
