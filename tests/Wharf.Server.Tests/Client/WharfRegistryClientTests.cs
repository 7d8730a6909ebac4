using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Client;

/// <summary>The registry client contract against Wharf on Kestrel loopback.</summary>
public sealed class WharfRegistryClientTests(WharfServerFixture fixture) : RegistryClientContractTests, IClassFixture<WharfServerFixture>
{
    protected override string HostPort => fixture.Server.HostPort;

    protected override bool ResumesFromRegistryOffset => true;
}
