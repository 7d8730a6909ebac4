using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

/// <summary>A trigger's git credential: checked against its remote's transport when given, kept as one JSON string,
/// and never printed; a token reaches git as configuration scoped to the remote, in the environment only.</summary>
public sealed class GitCredentialTests
{
    private const string Https = "https://git.example.net/team/app.git";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, "t0ken", null, "ssh://git@git.example.net/team/app.git", "a token is for an https:// remote; ssh://***@git.example.net/team/app.git takes an sshKey")]
    [InlineData(null, "t0ken", null, "git://git.example.net/app.git", "takes no credential")]
    [InlineData(null, null, null, Https, "give one of token and sshKey")]
    [InlineData(null, "", null, Https, "credential.token must be 1 to 4096 characters")]
    [InlineData("", "t0ken", null, Https, "credential.username must be 1 to 256 characters")]
    [InlineData("user name", "t0ken", null, Https, "credential.username must be 1 to 256 characters")]
    [InlineData(null, null, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", Https, "an sshKey is for an ssh remote (ssh://… or user@host:path); https://git.example.net/team/app.git takes a token")]
    [InlineData(null, null, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", "git@git.example.net:team/app.git", "credential.sshKey is not a valid OpenSSH private key")]
    [InlineData(null, null, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----", "git@git.example.net:team/app.git", "credential.sshKey has a passphrase")]
    [InlineData(null, null, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----", "git@git.example.net:team/app.git", "credential.sshKey has a passphrase")]
    [InlineData("git", null, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", "git@git.example.net:team/app.git", "credential.username goes with a token")]
    [InlineData(null, null, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----", "git@git.example.net:team/app.git", "credential.sshKey must be a private key as ssh-keygen writes it")]
    public void A_credential_that_does_not_fit_is_refused_in_one_line(string? username, string? token, string? key, string url, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => GitCredential.Create(username, token, key, url));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("t0ken", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_and_a_key_are_kept_as_given_and_never_printed()
    {
        var key = await SshKeys.GenerateAsync(passphrase: null, Ct);

        var token = GitCredential.Create(null, "t0ken-secret", null, Https);
        var named = GitCredential.Create("oauth2", "t0ken-secret", null, Https);
        var ssh = GitCredential.Create(null, null, key.Replace("\n", "\r\n", StringComparison.Ordinal).TrimEnd(), "git@git.example.net:team/app.git");

        Assert.Equal("x-access-token", token.Username);
        Assert.Equal("oauth2", named.Username);
        Assert.Equal(key, ssh.SshPrivateKey); // LF line ends and the final newline OpenSSH wants
        Assert.Equal(token, GitCredential.Parse(token.Serialize()));
        Assert.Equal(ssh, GitCredential.Parse(ssh.Serialize()));
        Assert.Equal("GitCredential { Username = x-access-token, Token = *** }", token.ToString());
        Assert.Equal("GitCredential { SshPrivateKey = *** }", ssh.ToString());
        Assert.DoesNotContain("t0ken-secret", $"{new { Credential = named }}", StringComparison.Ordinal);
        Assert.Equal("a token (user oauth2)", named.Describe());
    }

    [Fact]
    public void A_token_goes_to_git_as_an_extra_header_for_the_remote_only_in_the_environment_and_redirects_are_not_followed()
    {
        var credential = GitCredential.Create("ci", "t0ken-secret", null, Https);

        using var access = GitAccess.Open("https://someone@git.example.net/team/app.git/", ["https"], credential);

        var header = "Authorization: Basic " + Convert.ToBase64String("ci:t0ken-secret"u8.ToArray());
        Assert.Equal("2", access.Environment["GIT_CONFIG_COUNT"]);
        Assert.Equal("http.https://git.example.net/team/app.git.extraHeader", access.Environment["GIT_CONFIG_KEY_0"]);
        Assert.Equal(header, access.Environment["GIT_CONFIG_VALUE_0"]);
        Assert.Equal(("http.https://git.example.net/team/app.git.followRedirects", "false"), (access.Environment["GIT_CONFIG_KEY_1"], access.Environment["GIT_CONFIG_VALUE_1"]));
        Assert.Equal(("0", "https"), (access.Environment["GIT_TERMINAL_PROMPT"], access.Environment["GIT_ALLOW_PROTOCOL"]));
        Assert.Null(access.KeyDirectory);
        Assert.Equal("fatal: *** was refused", access.Redact("fatal: t0ken-secret was refused"));
    }

    [Fact]
    public async Task Git_reaches_a_private_remote_with_the_token_and_without_it_fails_naming_the_remote()
    {
        var root = Directory.CreateTempSubdirectory("wharf-test-token-git-").FullName;
        try
        {
            var repository = new Triggers.TestGitRepository(Path.Combine(root, "team", "app"));
            var commit = await repository.CommitAsync("first");
            await using var server = await Infrastructure.GitHttpServer.StartAsync(root, password: "t0ken-secret");
            var token = GitCredential.Create(null, "t0ken-secret", null, server.RepositoryUrl("team/app"));

            var refs = await GitContextFetcher.ListRefsAsync(server.RepositoryUrl("team/app"), ["http"], token, Ct);
            var failure = await Assert.ThrowsAsync<BuildContextException>(() =>
                GitContextFetcher.ListRefsAsync(server.RepositoryUrl("team/app"), ["http"], null, Ct));

            Assert.Equal(commit, refs["refs/heads/main"]);
            Assert.StartsWith($"git ls-remote of {server.RepositoryUrl("team/app")} failed: ", failure.Message, StringComparison.Ordinal);
            Assert.EndsWith("(the remote asks for credentials, and there are none for it: a trigger can hold a token or an ssh key)", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
