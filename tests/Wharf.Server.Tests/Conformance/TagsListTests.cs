using System.Net;
using System.Net.Http.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Listing Tags" (end-8a, end-8b) with its <c>n</c>/<c>last</c> pagination.</summary>
public sealed class TagsListTests(DiscoveryFixture fixture) : IClassFixture<DiscoveryFixture>
{
    private const string Repository = DiscoveryFixture.TagsRepository;

    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(query, expected tags, expected <c>last</c> of the Link header: "" for none, "*" for either).</summary>
    public static TheoryData<string, string, string> Pages => new()
    {
        { "", "a,b,c,d,e", "" },
        { "?n=2", "a,b", "b" },
        { "?n=2&last=b", "c,d", "d" },
        { "?n=2&last=d", "e", "" },
        { "?n=1&last=a", "b", "b" },
        { "?n=4", "a,b,c,d", "d" },
        { "?n=5", "a,b,c,d,e", "*" }, // exactly all: a Link MAY or may not be offered
        { "?n=6", "a,b,c,d,e", "" },
        { "?n=1000", "a,b,c,d,e", "" },
        { "?n=0", "", "" },
        { "?n=0&last=b", "", "" },
        { "?last=c", "d,e", "" },
        { "?last=e", "", "" },
        { "?last=z", "", "" }, // beyond the end
        { "?last=0", "a,b,c,d,e", "" }, // before the start
        { "?last=bb", "c,d,e", "" }, // between two tags
        { "?n=", "a,b,c,d,e", "" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Tags_list_pages_by_n_and_last(string query, string expected, string linkLast)
    {
        using var response = await _client.GetAsync($"/v2/{Repository}/tags/list{query}");

        // "Assuming a repository is found, this request MUST return a `200 OK` response code."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<TagListBody>(Ct);
        Assert.NotNull(body);
        Assert.Equal(Repository, body.Name);
        // "A request of this sort will return up to `<int>` tags, beginning non-inclusively with `<tagname>`."
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), body.Tags ?? []);

        var next = LinkHeader.Next(response);
        if (linkLast == "")
        {
            // "When `n` is zero, this endpoint MUST return an empty list, and MUST NOT include a `Link` header."
            // and a page that ends the list has nothing to link to.
            Assert.True(next is null, $"no Link expected, got {next}");
        }
        else if (linkLast != "*")
        {
            Assert.NotNull(next);
            var (path, parameters) = LinkHeader.Parse(next);
            Assert.Equal($"/v2/{Repository}/tags/list", path);
            Assert.Equal(linkLast, parameters.GetValueOrDefault("last"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Following_link_headers_walks_every_tag_once_in_order(int n)
    {
        var seen = new List<string>();
        string? next = $"/v2/{Repository}/tags/list?n={n}";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 10, "pagination does not terminate");
            using var response = await _client.GetAsync(next);
            await OciAssert.StatusAsync(response, HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<TagListBody>(Ct);
            // "The response to such a request MAY return fewer than `<int>` results, but only when the total number of tags
            // attached to the repository is less than `<int>` or a `Link` header is provided."
            Assert.True((body!.Tags ?? []).Count <= n);
            seen.AddRange(body.Tags ?? []);
            next = LinkHeader.Next(response);
        }

        Assert.Equal(DiscoveryFixture.Tags, seen);
    }

    [Fact]
    public async Task Tags_are_listed_in_case_insensitive_lexical_order()
    {
        var repository = OciTestClient.NewRepository("case");
        var image = await _client.PushImageAsync(repository, "Gamma");
        foreach (var tag in new[] { "alpha", "Beta", "delta", "Epsilon" })
        {
            await _client.PushManifestAsync(repository, tag, image.Manifest);
        }

        var body = await _client.Http.GetFromJsonAsync<TagListBody>($"/v2/{repository}/tags/list", Ct);

        // "If the list is not empty, the tags MUST be in lexical order (i.e. case-insensitive alphanumeric order)."
        Assert.Equal(["alpha", "Beta", "delta", "Epsilon", "Gamma"], body!.Tags ?? []);
    }

    [Fact]
    public async Task Pages_of_mixed_case_tags_follow_the_same_case_insensitive_order()
    {
        var repository = OciTestClient.NewRepository("case");
        var image = await _client.PushImageAsync(repository, "Gamma");
        foreach (var tag in new[] { "alpha", "Beta", "delta", "Epsilon" })
        {
            await _client.PushManifestAsync(repository, tag, image.Manifest);
        }

        var seen = new List<string>();
        string? next = $"/v2/{repository}/tags/list?n=2";
        for (var pages = 0; next is not null && pages < 10; pages++)
        {
            using var response = await _client.GetAsync(next);
            seen.AddRange((await response.Content.ReadFromJsonAsync<TagListBody>(Ct))!.Tags ?? []);
            next = LinkHeader.Next(response);
        }

        // "…beginning non-inclusively with `<tagname>`" … "The tags MUST be in lexical order."
        Assert.Equal(["alpha", "Beta", "delta", "Epsilon", "Gamma"], seen);
    }

    [Fact]
    public async Task A_repository_without_tags_lists_an_empty_list()
    {
        var repository = OciTestClient.NewRepository("untagged");
        await _client.PushImageAsync(repository);

        using var response = await _client.GetAsync($"/v2/{repository}/tags/list");

        // "The list of tags MAY be empty if there are no tags on the repository."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<TagListBody>(Ct);
        Assert.Empty(body!.Tags ?? []);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?n=0")]
    [InlineData("?n=2&last=a")]
    public async Task Tags_of_a_repository_that_does_not_exist_is_404_name_unknown(string query)
    {
        using var response = await _client.GetAsync($"/v2/{OciTestClient.NewRepository("nowhere")}/tags/list{query}");

        // end-8a/end-8b fail with 404; code-9 NAME_UNKNOWN "repository name not known to registry".
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("2abc")]
    public async Task An_n_that_is_not_a_non_negative_integer_is_400(string n)
    {
        using var response = await _client.GetAsync($"/v2/{Repository}/tags/list?n={n}");

        // "`<int>` is an integer specifying the number of tags requested."
        await OciAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        await OciAssert.ErrorBodyAsync(response);
    }
}
