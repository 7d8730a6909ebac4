using System.Net;
using System.Net.Http.Json;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A registry that caps page sizes (<c>Registry:MaxPageSize=2</c>) must say so with a Link header:
/// "The response to such a request MAY return fewer than `&lt;int&gt;` results, but only when the total number of tags
/// attached to the repository is less than `&lt;int&gt;` or a `Link` header is provided. Otherwise, the response MUST
/// include `&lt;int&gt;` results."</summary>
public sealed class SmallPageTests(SmallPageDiscoveryFixture fixture) : IClassFixture<SmallPageDiscoveryFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("?n=5")]
    [InlineData("?n=3")]
    [InlineData("")]
    public async Task A_tags_page_cut_short_by_the_registry_carries_a_link_to_the_rest(string query)
    {
        using var response = await _client.GetAsync($"/v2/{DiscoveryFixture.TagsRepository}/tags/list{query}");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<TagListBody>(Ct);
        Assert.Equal(["a", "b"], body!.Tags ?? []);
        var next = LinkHeader.Next(response);
        Assert.NotNull(next);
        Assert.Equal("b", LinkHeader.Parse(next).Query.GetValueOrDefault("last"));

        using var rest = await _client.GetAsync(next);
        var second = await rest.Content.ReadFromJsonAsync<TagListBody>(Ct);
        Assert.Equal(["c", "d"], second!.Tags ?? []);
    }

    [Fact]
    public async Task A_catalog_page_cut_short_by_the_registry_carries_a_link_to_the_rest()
    {
        using var response = await _client.GetAsync("/v2/_catalog?n=10");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.NotNull(LinkHeader.Next(response));
    }
}
