namespace Wharf.Server.Tests.Builds;

/// <summary>One <see cref="BuildsServer"/> shared by a test class whose tests use fresh accounts (and so repositories).</summary>
public sealed class BuildsServerFixture : IAsyncLifetime
{
    private BuildsServer? _server;

    public BuildsServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() => _server = await BuildsServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
