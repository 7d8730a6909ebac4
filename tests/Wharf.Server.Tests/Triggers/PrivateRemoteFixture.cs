using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Observability;

namespace Wharf.Server.Tests.Triggers;

/// <summary>A private git host and a Wharf whose workers may fetch from it: a <see cref="GitHttpServer"/> that wants
/// <see cref="Token"/> as the Basic password of every request, and a <see cref="BuildsServer"/> allowing http (and ssh,
/// for triggers made with a key) besides file, its log captured down to Debug for the checks that no line holds the
/// token. Each test puts its repository under <see cref="GitHttpServer.Root"/>.</summary>
public sealed class PrivateRemoteFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-private-git-").FullName;
    private BuildsServer? _server;
    private GitHttpServer? _git;

    /// <summary>The git host's token: made per run, so it cannot occur anywhere by chance.</summary>
    public string Token { get; } = "tok-" + Guid.NewGuid().ToString("N");

    public BuildsServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    public GitHttpServer Git => _git ?? throw new InvalidOperationException("fixture not initialised");

    internal CapturedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _git = await GitHttpServer.StartAsync(_root, Token);
        _server = await BuildsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Builds:GitProtocols:1"] = "http",
            ["Builds:GitProtocols:2"] = "ssh",
            ["Logging:LogLevel:Wharf"] = "Debug",
        });
        _server.Api.Server.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
    }

    /// <summary>A new repository on the git host, and its URL.</summary>
    internal (TestGitRepository Repository, string Url) NewRepository()
    {
        var path = $"team/app-{Guid.NewGuid().ToString("N")[..8]}";
        return (new TestGitRepository(Path.Combine(Git.Root, path)), Git.RepositoryUrl(path));
    }

    /// <summary>Everything the server logged so far, one entry a line.</summary>
    public string LogText => string.Join('\n', Logs.Entries.Select(e => $"{e.Category}: {e.Message}"));

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
}
