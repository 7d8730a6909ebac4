using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A registry holding one known image (<see cref="SeedRepository"/>:v1) that the robustness tests
/// throw malformed requests at, then check is still intact.</summary>
public sealed class RobustnessFixture : IAsyncLifetime
{
    public const string SeedRepository = "robust/seed";

    private WharfServer? _server;
    private PushedImage? _seed;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    internal PushedImage Seed => _seed ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        _server = await WharfServer.StartAsync();
        _seed = await new OciTestClient(_server.Client).PushImageAsync(SeedRepository, "v1");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
