using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Api.Repositories;

/// <summary><c>/api/v1/repositories</c>, <c>/api/v1/storage</c> and Docker's <c>/v1/search</c> over HTTP with auth on:
/// a private repository is invisible to anonymous callers and other users in the listing, search, tags and by name, and
/// answered exactly as one that does not exist; pulls show up in the listing after a flush.</summary>
public sealed class RepositoriesApiTests : IAsyncLifetime
{
    private GatedRegistry? _registry;

    private GatedRegistry Registry => _registry!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _registry = await GatedRegistry.StartAsync(["alice", "bob"], new Dictionary<string, string?> { ["Registry:PullStatisticsFlushInterval"] = "00:00:00.200" });
        await Registry.PushAsync("alice", "alice/secret");
        await Registry.PushAsync("alice", "alice/app");
        await Registry.PushAsync("alice", "alice/app", "2");
        Assert.Equal(AccountChange.Done, await Registry.Accounts.SetPublicAsync("alice/app", true, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_private_repository_is_invisible_to_anonymous_callers_and_other_users_everywhere()
    {
        Assert.Equal(["alice/app"], Names(await GetAsync("/api/v1/repositories", null)));
        Assert.Equal(["alice/app"], Names(await GetAsync("/api/v1/repositories?q=a", "bob")));
        Assert.Equal(["alice/app", "alice/secret"], Names(await GetAsync("/api/v1/repositories?namespace=alice", "alice")));
        Assert.Equal(["alice/app"], SearchNames(await GetAsync("/v1/search?q=alice", null)));
        Assert.Equal(["alice/app", "alice/secret"], SearchNames(await GetAsync("/v1/search?q=alice", "alice")));

        foreach (var path in new[] { "/api/v1/repositories/alice/{0}", "/api/v1/repositories/alice/{0}/tags", "/api/v1/repositories/alice/{0}/description" })
        {
            foreach (var who in new[] { null, "bob" })
            {
                var hidden = await ExpectAsync(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "secret"), who, HttpStatusCode.NotFound);
                var absent = await ExpectAsync(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "nothing"), who, HttpStatusCode.NotFound);
                Assert.Equal(Problem(absent).Replace("alice/nothing", "NAME", StringComparison.Ordinal), Problem(hidden).Replace("alice/secret", "NAME", StringComparison.Ordinal));
            }
        }

        var tags = await GetAsync("/api/v1/repositories/alice/secret/tags", "alice");
        Assert.Equal("1", tags["items"]![0]!["name"]!.GetValue<string>());
        Assert.True(tags["items"]![0]!["size"]!.GetValue<long>() > 0);
        Assert.Equal(1, (await GetAsync("/api/v1/repositories/alice/secret", "alice"))["tagCount"]!.GetValue<long>());
        var storage = await GetAsync("/api/v1/storage", "bob");
        Assert.Null(storage["total"]);
        Assert.Equal(["alice/app"], storage["repositories"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.NotNull((await GetAsync("/api/v1/storage", "alice"))["total"]);
    }

    [Fact]
    public async Task Only_a_repository_administrator_sets_its_description_and_everyone_who_sees_it_reads_and_finds_it()
    {
        const string body = """{"description":"# App\n\nThe **frontend** of everything."}""";
        await ExpectAsync(HttpMethod.Put, "/api/v1/repositories/alice/app/description", "bob", HttpStatusCode.Forbidden, body);
        await ExpectAsync(HttpMethod.Put, "/api/v1/repositories/alice/secret/description", "bob", HttpStatusCode.NotFound, body);
        await ExpectAsync(HttpMethod.Put, "/api/v1/repositories/alice/app/description", null, HttpStatusCode.Unauthorized, body);
        using (var response = await SendAsync(HttpMethod.Put, "/api/v1/repositories/alice/app/description", "alice", body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var read = await GetAsync("/api/v1/repositories/alice/app/description", null);
        Assert.Equal("# App\n\nThe **frontend** of everything.", read["description"]!.GetValue<string>());
        Assert.Equal("alice", read["updatedBy"]!.GetValue<string>());
        Assert.Equal(["alice/app"], Names(await GetAsync("/api/v1/repositories?q=FRONTEND", null)));
        var search = await GetAsync("/v1/search?q=frontend&n=10", null);
        Assert.Equal("The frontend of everything.", search["results"]![0]!["description"]!.GetValue<string>());
        Assert.Equal((1, 1, 1, 10, "frontend"), (
            search["num_results"]!.GetValue<int>(), search["num_pages"]!.GetValue<int>(), search["page"]!.GetValue<int>(),
            search["page_size"]!.GetValue<int>(), search["query"]!.GetValue<string>()));
        await ExpectAsync(HttpMethod.Put, "/api/v1/repositories/alice/app/description", "alice", HttpStatusCode.BadRequest, $$"""{"description":"{{new string('x', 100_001)}}"}""");
    }

    [Fact]
    public async Task Pulls_are_counted_and_shown_after_a_flush()
    {
        var token = await Registry.TokenAsync(null, "repository:alice/app:pull");
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/alice/app/manifests/2");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            using var response = await Registry.Server.Client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonNode app;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100, Ct);
            app = await GetAsync("/api/v1/repositories/alice/app", null);
        }
        while (app["pulls"]!.GetValue<long>() < 3 && DateTime.UtcNow < deadline);

        Assert.Equal(3, app["pulls"]!.GetValue<long>());
        Assert.NotNull(app["lastPulledAt"]);
        var tags = (await GetAsync("/api/v1/repositories/alice/app/tags?sort=name", null))["items"]!.AsArray();
        Assert.Equal(["1", "2"], tags.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal([0L, 3L], tags.Select(t => t!["pulls"]!.GetValue<long>()));
        Assert.Equal(["alice/app", "alice/secret"], Names(await GetAsync("/api/v1/repositories?sort=-pulls", "alice")));
    }

    [Fact]
    public async Task With_auth_off_everyone_sees_every_repository_and_may_describe_it()
    {
        await using var server = await WharfServer.StartAsync();
        await new OciTestClient(server.Client).PushImageAsync("team/app", "1");
        using var put = new StringContent("""{"description":"Open to all"}""", Encoding.UTF8, "application/json");
        using var described = await server.Client.PutAsync("/api/v1/repositories/team/app/description", put, Ct);
        var listing = JsonNode.Parse(await server.Client.GetStringAsync("/api/v1/repositories", Ct))!;

        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        Assert.Equal(["team/app"], Names(listing));
        Assert.Equal("Open to all", listing["items"]![0]!["summary"]!.GetValue<string>());
        Assert.False(listing["items"]![0]!["isPublic"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/api/v1/repositories?sort=stars")]
    [InlineData("/api/v1/repositories?page=0")]
    [InlineData("/api/v1/repositories?pageSize=1000")]
    [InlineData("/api/v1/repositories?namespace=Alice")]
    [InlineData("/api/v1/repositories?namespace=alice/app")]
    [InlineData("/api/v1/repositories/Alice/app")]
    [InlineData("/api/v1/repositories/alice/app/tags?sort=pulls")]
    [InlineData("/api/v1/repositories/alice/app/tags?page=x")]
    [InlineData("/api/v1/storage?largest=0")]
    [InlineData("/v1/search?n=101")]
    public async Task Bad_parameters_are_400(string path) => await ExpectAsync(HttpMethod.Get, path, "alice", HttpStatusCode.BadRequest);

    private static IReadOnlyList<string> Names(JsonNode page) => [.. page["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())];

    private static IReadOnlyList<string> SearchNames(JsonNode search) => [.. search["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())];

    private static string Problem(string body)
    {
        var problem = JsonNode.Parse(body)!.AsObject();
        problem.Remove("requestId");
        return problem.ToJsonString();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? who, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (who is not null)
        {
            request.Headers.Authorization = BasicAuth.Header(who, GatedRegistry.Password);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Registry.Server.Client.SendAsync(request, Ct);
    }

    private async Task<JsonNode> GetAsync(string path, string? who)
    {
        using var response = await SendAsync(HttpMethod.Get, path, who);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<string> ExpectAsync(HttpMethod method, string path, string? who, HttpStatusCode expected, string? json = null)
    {
        using var response = await SendAsync(method, path, who, json);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
