using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Conformance;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>GET /api/v1/diff</c> with <c>Auth:Enabled</c>: the caller must be allowed to pull both repositories,
/// and a private repository it may not pull looks exactly like one that does not exist.</summary>
public sealed class DiffEndpointAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_callers_who_may_pull_both_repositories_see_the_diff()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var (alice, bob) = (await api.NewUserAsync("alice", withPassword: true), await api.NewUserAsync("bob"));
        var repository = $"{alice.Name}/app";
        await PushAsync(api, alice, repository, "1");
        await PushAsync(api, alice, repository, "2");
        var query = $"/api/v1/diff?from={repository}:1&to={repository}:2";

        var owner = await api.JsonAsync(HttpMethod.Get, query, alice, null);
        await api.ExpectAsync(HttpMethod.Get, query, null, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, query, alice with { Secret = "wrong-password" }, HttpStatusCode.Unauthorized);
        var hidden = await api.ExpectAsync(HttpMethod.Get, query, bob, HttpStatusCode.NotFound);
        var absent = await api.ExpectAsync(HttpMethod.Get, $"/api/v1/diff?from={bob.Name}/none:1&to={bob.Name}/none:2", bob, HttpStatusCode.NotFound);
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/diff?from={repository}:1&to=Bad:2", null, HttpStatusCode.BadRequest);

        Assert.True(owner["totalBytes"]!.GetValue<long>() > 0);
        Assert.Equal(
            JsonNode.Parse(absent)!["title"]!.GetValue<string>(),
            JsonNode.Parse(hidden)!["title"]!.GetValue<string>());
        Assert.Equal(
            JsonNode.Parse(absent)!["detail"]!.GetValue<string>().Replace($"{bob.Name}/none", "NAME", StringComparison.Ordinal),
            JsonNode.Parse(hidden)!["detail"]!.GetValue<string>().Replace(repository, "NAME", StringComparison.Ordinal));

        await api.JsonAsync(HttpMethod.Put, "/api/v1/visibility", alice, $$"""{"repository":"{{repository}}","public":true}""");
        await api.JsonAsync(HttpMethod.Get, query, null, null);
        await api.JsonAsync(HttpMethod.Get, query, bob, null);
    }

    /// <summary>Pushes a small image with a push token from <c>/auth/token</c>, whether or not /v2 asks for one.</summary>
    private static async Task PushAsync(AccountsApiServer api, ApiLogin who, string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope=repository:{repository}:pull,push");
        request.Headers.Authorization = AccountsApiServer.Basic(who);
        using var response = await api.Server.Client.SendAsync(request, Ct);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await new OciTestClient(http).PushImageAsync(repository, tag);
    }
}
