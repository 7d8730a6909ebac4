namespace Wharf.Server.Tests.Client;

/// <summary>The registry client contract against CNCF Distribution 2.8 (Debian's docker-registry).</summary>
public sealed class DistributionRegistryClientTests(DistributionFixture fixture) : RegistryClientContractTests, IClassFixture<DistributionFixture>
{
    protected override string HostPort => fixture.Registry.HostPort;

    protected override bool ResumesFromRegistryOffset => false;
}
