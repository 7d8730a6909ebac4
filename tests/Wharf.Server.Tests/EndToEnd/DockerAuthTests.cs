using Wharf.Registry.Auth;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>The real docker client against Wharf with auth on (issue 4's "done means"): login, a push to one's own
/// namespace, a refused push to another's, an anonymous pull of a public repository, a personal access token and a
/// robot account as passwords. Each identity gets its own client config (<c>docker --config</c>).</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class DockerAuthTests(DockerEngine docker) : IAsyncLifetime
{
    private GatedRegistry? _registry;

    private GatedRegistry Registry => _registry!;

    /// <summary>localhost:PORT: Docker treats loopback registries as plain HTTP.</summary>
    private string Host => $"localhost:{Registry.Server.BaseAddress.Port}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _registry = await GatedRegistry.StartAsync(["alice", "bob"]);

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_logs_in_pushes_to_its_own_namespace_is_refused_elsewhere_and_pulls_public_images_anonymously()
    {
        var alice = Config("alice");
        var wrong = await DockerAsync(Config("wrong"), ["login", "-u", "alice", "-p", "not-her-password", Host]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("unauthorized", wrong.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Login Succeeded", (await DockerOkAsync(alice, ["login", "-u", "alice", "-p", GatedRegistry.Password, Host])).Output, StringComparison.Ordinal);

        var own = $"{Host}/alice/app:1";
        await DockerOkAsync(alice, ["tag", DockerEngine.BaseImage, own]);
        await DockerOkAsync(alice, ["push", own]);

        var others = $"{Host}/bob/app:1";
        await DockerOkAsync(alice, ["tag", DockerEngine.BaseImage, others]);
        var refused = await DockerAsync(alice, ["push", others]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("denied: requested access to the resource is denied", refused.Output, StringComparison.Ordinal);

        // Logged out: a private image is not there for the asking; once public it pulls and runs.
        var anonymous = Config("anonymous");
        await DockerOkAsync(anonymous, ["rmi", own]);
        var hidden = await DockerAsync(anonymous, ["pull", own]);
        Assert.NotEqual(0, hidden.ExitCode);
        Assert.Equal(AccountChange.Done, await Registry.Accounts.SetPublicAsync("alice/app", true, Ct));
        await DockerOkAsync(anonymous, ["pull", own]);
        Assert.Equal("hello", (await DockerOkAsync(anonymous, ["run", "--rm", "--network", "none", own, "echo", "hello"])).StandardOutput.Trim());
        var anonymousPush = await DockerAsync(anonymous, ["push", own]);
        Assert.NotEqual(0, anonymousPush.ExitCode);
    }

    [Fact]
    public async Task A_personal_access_token_and_a_robot_secret_work_as_docker_passwords_within_their_rights()
    {
        var token = await Registry.Accounts.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.ReadWrite, null, Ct);
        var pat = Config("pat");
        await DockerOkAsync(pat, ["login", "-u", "alice", "-p", token.Secret!, Host]);
        var patImage = $"{Host}/alice/pat:1";
        await DockerOkAsync(pat, ["tag", DockerEngine.BaseImage, patImage]);
        await DockerOkAsync(pat, ["push", patImage]);

        Assert.Equal(AccountChange.Done, await Registry.Accounts.CreateOrganisationAsync("acme", "alice", Ct));
        var robot = await Registry.Accounts.CreateRobotAsync("acme", "ci", Ct);
        Assert.Equal(AccountChange.Done, await Registry.Accounts.GrantAsync("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write, Ct));
        var ci = Config("robot");
        await DockerOkAsync(ci, ["login", "-u", "acme+ci", "-p", robot.Secret!, Host]);
        var robotImage = $"{Host}/acme/app:1";
        await DockerOkAsync(ci, ["tag", DockerEngine.BaseImage, robotImage]);
        await DockerOkAsync(ci, ["push", robotImage]);
        var elsewhere = $"{Host}/acme/other:1";
        await DockerOkAsync(ci, ["tag", DockerEngine.BaseImage, elsewhere]);
        var refused = await DockerAsync(ci, ["push", elsewhere]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("denied", refused.Output, StringComparison.Ordinal);

        // A revoked token no longer logs in.
        Assert.True(await Registry.Accounts.RevokeAccessTokenAsync("alice", token.Token!.Id, Ct));
        var revoked = await DockerAsync(Config("revoked"), ["login", "-u", "alice", "-p", token.Secret!, Host]);
        Assert.NotEqual(0, revoked.ExitCode);
    }

    private string Config(string identity)
    {
        var directory = Path.Combine(docker.WorkDirectory, $"config-{Registry.Server.BaseAddress.Port}-{identity}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private Task<ToolResult> DockerAsync(string config, IEnumerable<string> arguments) => docker.DockerAsync(["--config", config, .. arguments], Ct);

    private async Task<ToolResult> DockerOkAsync(string config, IEnumerable<string> arguments) => (await DockerAsync(config, arguments)).EnsureSuccess();
}
