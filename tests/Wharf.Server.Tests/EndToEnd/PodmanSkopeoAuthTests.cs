using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>skopeo with <c>--creds</c> and podman with <c>podman login</c> against Wharf with auth on: both do the token
/// dance from the challenge alone, and are refused where the account has no right.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class PodmanSkopeoAuthTests(DockerEngine docker) : IAsyncLifetime
{
    private readonly ContainerStorage _storage = new();
    private GatedRegistry? _registry;

    private GatedRegistry Registry => _registry!;

    private string Host => Registry.Server.HostPort;

    private static string Creds(string user) => $"{user}:{GatedRegistry.Password}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("skopeo");
        ExternalTool.Require("podman");
        _registry = await GatedRegistry.StartAsync(["alice", "bob"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _storage.Dispose();
    }

    [Fact]
    public async Task Skopeo_creds_and_podman_login_push_and_pull_within_the_accounts_rights()
    {
        var saved = await SavedImage.BuildAsync(docker, "auth-tools", Ct);
        var image = $"{Host}/alice/app:1";

        var anonymous = await SkopeoAsync(["copy", "--dest-tls-verify=false", $"docker-archive:{saved.Archive}", $"docker://{image}"]);
        Assert.NotEqual(0, anonymous.ExitCode);
        (await SkopeoAsync(["copy", "--dest-tls-verify=false", "--dest-creds", Creds("alice"), $"docker-archive:{saved.Archive}", $"docker://{image}"])).EnsureSuccess();
        var asBob = await SkopeoAsync(["inspect", "--tls-verify=false", "--creds", Creds("bob"), $"docker://{image}"]);
        Assert.NotEqual(0, asBob.ExitCode);
        Assert.Contains("denied", asBob.Output, StringComparison.OrdinalIgnoreCase);
        (await SkopeoAsync(["inspect", "--tls-verify=false", "--creds", Creds("alice"), $"docker://{image}"])).EnsureSuccess();

        var login = (await _storage.PodmanAsync(["login", "--tls-verify=false", "-u", "alice", "-p", GatedRegistry.Password, Host], Ct)).EnsureSuccess();
        Assert.Contains("Login Succeeded", login.Output, StringComparison.Ordinal);
        (await _storage.PodmanAsync(["pull", "--tls-verify=false", image], Ct)).EnsureSuccess();
        (await _storage.PodmanAsync(["push", "--tls-verify=false", image, $"docker://{Host}/alice/copy:1"], Ct)).EnsureSuccess();
        var refused = await _storage.PodmanAsync(["push", "--tls-verify=false", image, $"docker://{Host}/bob/copy:1"], Ct);
        Assert.NotEqual(0, refused.ExitCode);
        // podman's first request there is a blob HEAD, whose 403 has no body to quote.
        Assert.True(refused.Output.Contains("403 (Forbidden)", StringComparison.Ordinal), refused.Describe());
    }

    private static Task<ToolResult> SkopeoAsync(string[] arguments) => ExternalTool.RunAsync("skopeo", ["--insecure-policy", .. arguments], ct: Ct);
}
