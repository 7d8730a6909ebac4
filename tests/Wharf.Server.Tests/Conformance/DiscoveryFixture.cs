using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A registry of its own for the discovery tests, so that catalog listings see only what was seeded:
/// repositories <c>a</c> … <c>e</c>, and repository <see cref="TagsRepository"/> with tags <c>a</c> … <c>e</c>
/// (the catalog therefore holds <c>a b c d disc/tags e</c>).</summary>
public class DiscoveryFixture : IAsyncLifetime
{
    public const string TagsRepository = "disc/tags";

    public static readonly IReadOnlyList<string> Tags = ["a", "b", "c", "d", "e"];

    public static readonly IReadOnlyList<string> Repositories = ["a", "b", "c", "d", "disc/tags", "e"];

    private WharfServer? _server;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Configuration overrides for the server; the small-page variant caps page sizes.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        _server = await WharfServer.StartAsync(settings: Settings);
        var client = new OciTestClient(_server.Client);
        var image = await client.PushImageAsync(TagsRepository, Tags[0]);
        foreach (var tag in Tags.Skip(1))
        {
            await client.PushManifestAsync(TagsRepository, tag, image.Manifest);
        }

        foreach (var repository in Repositories.Where(r => r != TagsRepository))
        {
            await client.PushImageAsync(repository, "latest");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
