using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests;

public sealed class BaseEndpointTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    [Fact]
    public async Task Get_v2_answers_200_with_the_api_version_header()
    {
        using var response = await fixture.Server.Client.GetAsync("/v2/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task Healthz_answers_ok()
    {
        var body = await fixture.Server.Client.GetStringAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal("ok", body);
    }
}
