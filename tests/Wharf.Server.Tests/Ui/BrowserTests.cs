using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>The UI test classes share one browser, one server and one Docker engine (for images real docker built and
/// pushed, and pulls of what a page shows), and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>, ICollectionFixture<DockerEngine>
{
    public const string Name = "Browser";
}
