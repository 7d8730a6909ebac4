using System.Net;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/orgs/{org}/robots</c>: robot accounts, their one-time secret, and who may manage them.</summary>
public sealed class RobotEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    [Fact]
    public async Task An_org_admin_creates_a_robot_whose_secret_logs_in_at_the_token_endpoint_until_it_is_deleted()
    {
        var alice = await _api.NewUserAsync("alice");
        var org = await _api.NewOrganisationAsync(alice);
        var robots = $"/api/v1/orgs/{org}/robots";

        var created = await _api.JsonAsync(HttpMethod.Post, robots, alice, """{"name":"ci"}""", HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();
        var listed = await _api.JsonAsync(HttpMethod.Get, robots, alice, null);

        Assert.Equal($"{org}+ci", created["name"]!.GetValue<string>());
        Assert.StartsWith(SecretTokens.RobotSecretPrefix, secret, StringComparison.Ordinal);
        Assert.Equal([$"{org}+ci"], ApiAssert.Names(listed));
        Assert.Equal("robot", listed[0]!["kind"]!.GetValue<string>());
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await _api.TokenEndpointStatusAsync($"{org}+ci", secret, $"repository:{org}/app:pull"));

        await _api.JsonAsync(HttpMethod.Post, $"/api/v1/orgs/{org}/teams", alice, """{"name":"bots","role":"member"}""", HttpStatusCode.Created);
        await _api.ExpectAsync(HttpMethod.Put, $"/api/v1/orgs/{org}/teams/bots/members/{org}+ci", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Post, robots, alice, HttpStatusCode.Conflict, """{"name":"ci"}""");

        await _api.ExpectAsync(HttpMethod.Delete, $"{robots}/ci", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Delete, $"{robots}/ci", alice, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.TokenEndpointStatusAsync($"{org}+ci", secret));
    }

    [Fact]
    public async Task Members_and_strangers_cannot_manage_robots_and_bad_names_are_400()
    {
        var (alice, bob, carol) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"), await _api.NewUserAsync("carol"));
        var org = await _api.NewOrganisationAsync(alice);
        await _api.JsonAsync(HttpMethod.Post, $"/api/v1/orgs/{org}/teams", alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);
        await _api.ExpectAsync(HttpMethod.Put, $"/api/v1/orgs/{org}/teams/devs/members/{bob.Name}", alice, HttpStatusCode.NoContent);
        var robots = $"/api/v1/orgs/{org}/robots";
        await _api.JsonAsync(HttpMethod.Post, robots, alice, """{"name":"ci"}""", HttpStatusCode.Created);

        await _api.ExpectAsync(HttpMethod.Get, robots, bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Post, robots, bob, HttpStatusCode.Forbidden, """{"name":"bobbot"}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"{robots}/ci", carol, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Post, robots, alice, HttpStatusCode.BadRequest, $$"""{"name":"{{org}}+ci2"}""");
        await _api.ExpectAsync(HttpMethod.Post, robots, alice, HttpStatusCode.BadRequest, """{"name":"../x"}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"{robots}/CI", alice, HttpStatusCode.BadRequest);
    }
}
