using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/permissions</c>: grants on a repository, managed by its administrators, decided on by the
/// same policy as the token endpoint.</summary>
public sealed class PermissionEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    [Fact]
    public async Task The_namespace_owner_grants_to_accounts_and_teams_lists_and_revokes()
    {
        var (alice, bob) = (await _api.NewUserAsync("alice", withPassword: true), await _api.NewUserAsync("bob", withPassword: true));
        var org = await _api.NewOrganisationAsync(alice);
        await _api.JsonAsync(HttpMethod.Post, $"/api/v1/orgs/{org}/teams", alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);
        var repository = $"{alice.Name}/app";
        var pushScope = $"repository:{repository}:pull,push";

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NoContent, $$"""{"repository":"{{repository}}","account":"{{bob.Name}}","access":"write"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NoContent, $$"""{"repository":"{{repository}}","team":"{{org}}/devs","access":"read"}""");
        var grants = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/permissions?repository={repository}", alice, null);
        var bobsToken = await TokenActionsAsync(bob.Name, pushScope);

        Assert.Equal(
            $$"""[{"account":"{{bob.Name}}","access":"write"},{"team":"{{org}}/devs","access":"read"}]""",
            grants.ToJsonString());
        Assert.Equal(["pull", "push"], bobsToken);

        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/permissions?repository={repository}&account={bob.Name}", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/permissions?repository={repository}&account={bob.Name}", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/permissions?repository={repository}&team={org}/devs", alice, HttpStatusCode.NoContent);
        Assert.Empty(await TokenActionsAsync(bob.Name, pushScope));
        Assert.Equal("[]", (await _api.JsonAsync(HttpMethod.Get, $"/api/v1/permissions?repository={repository}", alice, null)).ToJsonString());
    }

    [Fact]
    public async Task A_user_may_not_grant_on_another_users_repository_but_an_admin_grant_lets_them()
    {
        var (alice, bob) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"));
        var repository = $"{alice.Name}/app";
        var grantBob = $$"""{"repository":"{{repository}}","account":"{{bob.Name}}","access":"admin"}""";

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", bob, HttpStatusCode.Forbidden, grantBob);
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/permissions?repository={repository}", bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/permissions?repository={repository}&account={alice.Name}", bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/permissions?repository={repository}", null, HttpStatusCode.Unauthorized);

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NoContent, grantBob);
        await _api.JsonAsync(HttpMethod.Get, $"/api/v1/permissions?repository={repository}", bob, null);
    }

    [Theory]
    [InlineData("""{"repository":"OWNER/../x","account":"bob1","access":"read"}""")]
    [InlineData("""{"repository":"OWNER/a..b","account":"bob1","access":"read"}""")]
    [InlineData("""{"repository":"Owner/App","account":"bob1","access":"read"}""")]
    [InlineData("""{"repository":"OWNER/app","access":"read"}""")]
    [InlineData("""{"repository":"OWNER/app","account":"bob1","team":"acme/devs","access":"read"}""")]
    [InlineData("""{"repository":"OWNER/app","account":"bob1","access":"owner"}""")]
    [InlineData("""{"repository":"OWNER/app","account":"bob1"}""")]
    [InlineData("""{"repository":"OWNER/app","team":"devs","access":"read"}""")]
    [InlineData("""{"repository":"OWNER/app","account":"Bob","access":"read"}""")]
    [InlineData("""{"account":"bob1","access":"read"}""")]
    public async Task Bad_grants_are_400(string json)
    {
        var alice = await _api.NewUserAsync("alice");

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.BadRequest, json.Replace("OWNER", alice.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_grantees_are_404_organisations_400_and_queries_are_checked()
    {
        var alice = await _api.NewUserAsync("alice");
        var org = await _api.NewOrganisationAsync(alice);
        var repository = $"{alice.Name}/app";

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NotFound, $$"""{"repository":"{{repository}}","account":"nobody-here","access":"read"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NotFound, $$"""{"repository":"{{repository}}","team":"{{org}}/nope","access":"read"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.BadRequest, $$"""{"repository":"{{repository}}","account":"{{org}}","access":"read"}""");
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/permissions", alice, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/permissions?repository=a/../b", alice, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/permissions?repository={repository}", alice, HttpStatusCode.BadRequest);
    }

    /// <summary>The actions <c>/auth/token</c> grants <paramref name="user"/> (logging in with its password) for one scope.</summary>
    private async Task<string[]> TokenActionsAsync(string user, string scope)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = AccountsApiServer.Basic(new ApiLogin(user, AccountsApiServer.PasswordOf(user)));
        using var response = await _api.Server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["token"]!.GetValue<string>();
        var json = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        return [.. JsonNode.Parse(json)!["access"]!.AsArray().SelectMany(a => a!["actions"]!.AsArray().Select(x => x!.GetValue<string>()))];
    }
}
