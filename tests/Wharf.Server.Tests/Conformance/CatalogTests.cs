using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Wharf.Server.Tests.Conformance;

/// <summary><c>GET /v2/_catalog</c>. Not part of distribution-spec 1.1 (it left the spec before 1.0), but docker's
/// registry API defines it with the same <c>n</c>/<c>last</c>/<c>Link</c> pagination as the tags list, and
/// Wharf serves it; these tests hold it to the tags-list rules.</summary>
public sealed class CatalogTests(DiscoveryFixture fixture) : IClassFixture<DiscoveryFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(query, expected repositories, expected <c>last</c> of the Link header: "" for none, "*" for either).</summary>
    public static TheoryData<string, string, string> Pages => new()
    {
        { "", "a,b,c,d,disc/tags,e", "" },
        { "?n=2", "a,b", "b" },
        { "?n=2&last=b", "c,d", "d" },
        { "?n=2&last=d", "disc/tags,e", "*" },
        { "?n=3&last=d", "disc/tags,e", "" },
        { "?n=6", "a,b,c,d,disc/tags,e", "*" },
        { "?n=100", "a,b,c,d,disc/tags,e", "" },
        { "?n=0", "", "" },
        { "?last=disc/tags", "e", "" },
        { "?last=e", "", "" },
        { "?last=zzz", "", "" },
        { "?last=c0", "d,disc/tags,e", "" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Catalog_pages_by_n_and_last(string query, string expected, string linkLast)
    {
        using var response = await _client.GetAsync($"/v2/_catalog{query}");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<CatalogBody>(Ct);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), body!.Repositories ?? []);
        var next = LinkHeader.Next(response);
        if (linkLast == "")
        {
            Assert.True(next is null, $"no Link expected, got {next}");
        }
        else if (linkLast != "*")
        {
            Assert.NotNull(next);
            var (path, parameters) = LinkHeader.Parse(next);
            Assert.Equal("/v2/_catalog", path);
            Assert.Equal(linkLast, parameters.GetValueOrDefault("last"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Following_link_headers_walks_every_repository_once_in_order(int n)
    {
        var seen = new List<string>();
        string? next = $"/v2/_catalog?n={n}";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 10, "pagination does not terminate");
            using var response = await _client.GetAsync(next);
            await OciAssert.StatusAsync(response, HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<CatalogBody>(Ct);
            Assert.True((body!.Repositories ?? []).Count <= n);
            seen.AddRange(body.Repositories ?? []);
            next = LinkHeader.Next(response);
        }

        Assert.Equal(DiscoveryFixture.Repositories, seen);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task An_n_that_is_not_a_non_negative_integer_is_400(string n)
    {
        using var response = await _client.GetAsync($"/v2/_catalog?n={n}");

        await OciAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        await OciAssert.ErrorBodyAsync(response);
    }

    private sealed record CatalogBody([property: JsonPropertyName("repositories")] IReadOnlyList<string>? Repositories);
}
