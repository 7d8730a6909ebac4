namespace Wharf.Server.Tests.Ui;

/// <summary>The UI test classes share one browser and one server, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
