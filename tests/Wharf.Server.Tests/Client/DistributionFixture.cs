namespace Wharf.Server.Tests.Client;

/// <summary>One CNCF Distribution without authentication for a test class.</summary>
public sealed class DistributionFixture : IAsyncLifetime
{
    private DistributionRegistry? _registry;

    public DistributionRegistry Registry => _registry ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() => _registry = await DistributionRegistry.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
