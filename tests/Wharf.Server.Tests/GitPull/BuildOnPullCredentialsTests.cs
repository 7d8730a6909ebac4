using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.GitPull;

/// <summary>A git host that needs a token: the host's configured token is what resolves refs and fetches the build's
/// context; without it the host answers for no repository. The token never reaches a build's log.</summary>
public sealed class BuildOnPullCredentialsTests : IAsyncLifetime
{
    private const string Token = "glpat-build-on-pull-token";
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-gitpull-private-").FullName;
    private GitHttpServer? _git;
    private BuildsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _git = await GitHttpServer.StartAsync(_root, password: Token);
        _server = await BuildsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Builds:GitProtocols:0"] = "http",
            ["GitPull:Hosts:tok.test:Url"] = _git.Url.ToString(),
            ["GitPull:Hosts:tok.test:Token"] = Token,
            ["GitPull:Hosts:notok.test:Url"] = _git.Url.ToString(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_git is not null)
        {
            await _git.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_hosts_token_resolves_and_fetches_and_stays_out_of_the_log()
    {
        var commit = await new TestGitRepository(Path.Combine(_root, "team", "app")).CommitAsync("first", ("Dockerfile", "LOG private"), ("app.txt", "secret app"));
        var alice = await _server!.Api.NewUserAsync("alice");
        var pulls = new GitPullClient(_server);

        await pulls.DigestAsync(alice, "git/tok.test/team/app", "main");
        var refused = await pulls.ErrorAsync(alice, "git/notok.test/team/app", "main");

        Assert.Equal("secret app", (await PushedImage.FilesAsync(_server.Api.Server.Services, "git/tok.test/team/app", commit))["app.txt"]);
        Assert.Equal((404, "NAME_UNKNOWN"), (refused.Status, refused.Code));
        var build = Assert.Single(await _server.Queue.ListAsync("git/tok.test/team/app", null, 10, Ct));
        var log = await _server.LogAsync(alice, build.Id);
        Assert.DoesNotContain(Token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{Token}")), log, StringComparison.Ordinal);
    }
}
