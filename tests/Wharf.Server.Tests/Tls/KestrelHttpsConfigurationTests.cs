using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary>Kestrel's own HTTPS configuration (<c>Kestrel:Endpoints:NAME:Url</c> + <c>Certificate:{Path,KeyPath}</c>)
/// works although Wharf builds on the slim builder, which leaves it out unless asked for.</summary>
public sealed class KestrelHttpsConfigurationTests
{
    [Fact]
    public async Task A_Kestrel_https_endpoint_with_a_PEM_certificate_in_configuration_starts_and_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ca = TestCertificateAuthority.CreateRoot("Wharf Kestrel test root");
        using var scratch = new ScratchDirectory();
        var (certificate, key) = ca.Issue("127.0.0.1").WriteTo(scratch.Path);

        await using var server = await WharfServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = key,
        });

        Assert.Equal(Uri.UriSchemeHttps, server.BaseAddress.Scheme);
        using var client = PinnedTls.Client(server.BaseAddress, ca.Root, HttpVersion.Version11);
        using var response = await client.GetAsync("/v2/", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }
}
