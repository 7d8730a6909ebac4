using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Determining Support" (end-1): <c>GET /v2/</c>.</summary>
public sealed class BaseApiTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    [Fact]
    public async Task Get_v2_answers_200_so_clients_know_the_registry_implements_the_spec()
    {
        // "If the response is `200 OK`, then the registry implements this specification."
        using var response = await _client.GetAsync("/v2/");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        // Legacy Docker header: OPTIONAL in the spec, but docker and containerd look for it.
        OciAssert.HeaderEqual(response, "Docker-Distribution-API-Version", "registry/2.0");
    }

    [Fact]
    public async Task Head_v2_answers_200_without_a_body()
    {
        using var response = await _client.HeadAsync("/v2/");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        OciAssert.HeaderEqual(response, "Docker-Distribution-API-Version", "registry/2.0");
    }

    [Theory]
    [InlineData("/v2/_catalog")]
    [InlineData("/v2/no/such/repo/tags/list")]
    [InlineData("/v2/no/such/repo/manifests/latest")]
    public async Task Every_v2_response_carries_the_api_version_header(string path)
    {
        using var response = await _client.GetAsync(path);

        OciAssert.HeaderEqual(response, "Docker-Distribution-API-Version", "registry/2.0");
    }
}
