namespace Wharf.Server.Tests.Infrastructure;

/// <summary>One shared <see cref="WharfServer"/> for a test class; tests use distinct repository names.</summary>
public sealed class WharfServerFixture : IAsyncLifetime
{
    private WharfServer? _server;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() => _server = await WharfServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
