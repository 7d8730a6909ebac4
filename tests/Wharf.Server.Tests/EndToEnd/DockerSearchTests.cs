using Wharf.Registry.Auth;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary><c>docker search HOST/TERM</c> against Wharf (issue 11): the daemon pings <c>/v1/_ping</c>, then asks
/// <c>/v1/search</c>, sending the <c>docker login</c> credentials as HTTP Basic when there are some; it finds what the
/// API's search finds for that caller.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class DockerSearchTests(DockerEngine docker) : IAsyncLifetime
{
    private GatedRegistry? _registry;

    private GatedRegistry Registry => _registry!;

    /// <summary>localhost:PORT: Docker treats loopback registries as plain HTTP.</summary>
    private string Host => $"localhost:{Registry.Server.BaseAddress.Port}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _registry = await GatedRegistry.StartAsync(["alice"]);

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_search_finds_public_repositories_anonymously_and_private_ones_once_logged_in()
    {
        await Registry.PushAsync("alice", "alice/webapp");
        await Registry.PushAsync("alice", "alice/webapp-secret");
        await Registry.PushAsync("alice", "alice/other");
        Assert.Equal(AccountChange.Done, await Registry.Accounts.SetPublicAsync("alice/webapp", true, Ct));

        var anonymous = await DockerOkAsync(Config("anonymous"), ["search", "--format", "{{.Name}}", $"{Host}/webapp"]);
        var alice = Config("alice");
        await DockerOkAsync(alice, ["login", "-u", "alice", "-p", GatedRegistry.Password, Host]);
        var loggedIn = await DockerOkAsync(alice, ["search", "--format", "{{.Name}}", $"{Host}/webapp"]);

        Assert.Equal(["alice/webapp"], Lines(anonymous.StandardOutput));
        Assert.Equal(["alice/webapp", "alice/webapp-secret"], Lines(loggedIn.StandardOutput));
    }

    private static IReadOnlyList<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private string Config(string identity)
    {
        var directory = Path.Combine(docker.WorkDirectory, $"config-{Registry.Server.BaseAddress.Port}-{identity}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private async Task<ToolResult> DockerOkAsync(string config, IEnumerable<string> arguments) =>
        (await docker.DockerAsync(["--config", config, .. arguments], Ct)).EnsureSuccess();
}
