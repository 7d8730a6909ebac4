namespace Wharf.Server.Tests.GitPull;

/// <summary>One <see cref="GitPullServer"/> with the stand-in builder, shared by a test class whose tests use
/// repositories and accounts of their own.</summary>
public sealed class GitPullServerFixture : IAsyncLifetime
{
    private GitPullServer? _server;

    internal GitPullServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await GitPullServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
