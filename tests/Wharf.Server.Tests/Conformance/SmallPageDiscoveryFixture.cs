namespace Wharf.Server.Tests.Conformance;

/// <summary>The discovery registry with <c>Registry:MaxPageSize=2</c>: a page never holds more than two entries,
/// whatever <c>n</c> asks for.</summary>
public sealed class SmallPageDiscoveryFixture : DiscoveryFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings { get; } = new Dictionary<string, string?> { ["Registry:MaxPageSize"] = "2" };
}
