using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A registry with <c>Registry:DeletesEnabled=false</c>.</summary>
public sealed class DeletesDisabledFixture : IAsyncLifetime
{
    private WharfServer? _server;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() =>
        _server = await WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Registry:DeletesEnabled"] = "false" });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
