using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Api;

/// <summary><c>GET /api/v1/diff</c>: what pulling one image costs a host holding another.</summary>
public sealed class DiffEndpointTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shared_layers_cost_nothing_and_new_layers_and_the_config_are_downloaded()
    {
        var repository = OciTestClient.NewRepository("diff");
        var (baseLayer, oldApp, newApp) = (TestImages.Layer(1000), TestImages.Layer(300), TestImages.Layer(500));
        var (configA, configB) = (TestImages.Config(), TestImages.Config());
        await _client.PushBlobsAsync(repository, baseLayer, oldApp, newApp, configA, configB);
        await _client.PushManifestAsync(repository, "1", TestImages.Image(configA, [baseLayer, oldApp]));
        await _client.PushManifestAsync(repository, "2", TestImages.Image(configB, [baseLayer, newApp]));

        var diff = await GetDiffAsync($"from={repository}:1&to={repository}:2");

        var layers = diff["layers"]!.AsArray();
        Assert.Equal([true, false], layers.Select(l => l!["shared"]!.GetValue<bool>()));
        Assert.Equal(baseLayer.Digest, layers[0]!["layer"]!["digest"]!.GetValue<string>());
        Assert.Equal(newApp.Size + configB.Size, diff["downloadBytes"]!.GetValue<long>());
        Assert.Equal(baseLayer.Size + newApp.Size + configB.Size, diff["totalBytes"]!.GetValue<long>());
        Assert.Equal(baseLayer.Size, diff["sharedBytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task Across_repositories_and_through_an_index_for_the_asked_platform()
    {
        var (from, to) = (OciTestClient.NewRepository("diff"), OciTestClient.NewRepository("diff"));
        var shared = TestImages.Layer(700);
        var (amdConfig, armConfig, armLayer) = (TestImages.Config(), TestImages.Config(), TestImages.Layer(50));
        await _client.PushBlobsAsync(from, shared, amdConfig);
        await _client.PushManifestAsync(from, "1", TestImages.Image(amdConfig, [shared]));
        await _client.PushBlobsAsync(to, shared, amdConfig, armConfig, armLayer);
        var amd = TestImages.Image(amdConfig, [shared]);
        var arm = TestImages.Image(armConfig, [armLayer]);
        await _client.PushManifestAsync(to, amd.Digest, amd);
        await _client.PushManifestAsync(to, arm.Digest, arm);
        await _client.PushManifestAsync(to, "multi", TestImages.Index([amd, arm]));

        var forAmd = await GetDiffAsync($"from={from}:1&to={to}:multi");
        var forArm = await GetDiffAsync($"from={from}:1&to={to}:multi&platform=linux/arm64");

        Assert.Equal(0, forAmd["downloadBytes"]!.GetValue<long>());
        Assert.Equal(amd.Digest, forAmd["to"]!.GetValue<string>());
        Assert.Equal(armConfig.Size + armLayer.Size, forArm["downloadBytes"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("from=team/app:1", HttpStatusCode.BadRequest)]
    [InlineData("from=Team/App:1&to=team/app:2", HttpStatusCode.BadRequest)]
    [InlineData("from=team/app&to=team/app:2", HttpStatusCode.BadRequest)]
    [InlineData("from=team/app@sha256:zz&to=team/app:2", HttpStatusCode.BadRequest)]
    [InlineData("from=team/app:1&to=team/app:2&platform=linux", HttpStatusCode.BadRequest)]
    [InlineData("from=nobody/here:1&to=nobody/here:2", HttpStatusCode.NotFound)]
    public async Task Bad_or_unknown_references_are_problem_details(string query, HttpStatusCode status)
    {
        using var response = await fixture.Server.Client.GetAsync($"/api/v1/diff?{query}", Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }

    private async Task<JsonNode> GetDiffAsync(string query)
    {
        using var response = await fixture.Server.Client.GetAsync($"/api/v1/diff?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
