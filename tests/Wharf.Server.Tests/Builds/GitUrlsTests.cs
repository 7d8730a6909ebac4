using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

public sealed class GitUrlsTests
{
    [Theory]
    [InlineData("https://git.example/app.git", "https")]
    [InlineData("HTTPS://git.example/app.git", "https")]
    [InlineData("ssh://git@git.example/app.git", "ssh")]
    [InlineData("git@git.example:team/app.git", "ssh")]
    [InlineData("git://git.example/app.git", "git")]
    [InlineData("file:///srv/git/app", "file")]
    [InlineData("/srv/git/app", null)]
    [InlineData("./app", null)]
    [InlineData("ext::sh -c id", null)]
    [InlineData("fd::17", null)]
    [InlineData("-uhttps://x", null)]
    [InlineData("https://git.example/a b", null)]
    public void The_transport_of_a_url_is_its_scheme_and_anything_else_is_none(string url, string? protocol) =>
        Assert.Equal(protocol, GitUrls.Protocol(url));

    [Theory]
    [InlineData("https://user:token@git.example/app.git", "https://***@git.example/app.git")]
    [InlineData("https://token@git.example", "https://***@git.example")]
    [InlineData("https://git.example/app.git", "https://git.example/app.git")]
    [InlineData("git@git.example:team/app.git", "git@git.example:team/app.git")]
    public void Credentials_in_a_url_are_never_shown(string url, string shown) =>
        Assert.Equal(shown, GitUrls.Redact(url));
}
