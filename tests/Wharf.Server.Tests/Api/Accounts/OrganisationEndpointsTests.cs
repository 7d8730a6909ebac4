using System.Net;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/orgs</c>: organisations and who may read and delete them.</summary>
public sealed class OrganisationEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    [Fact]
    public async Task A_user_creates_an_organisation_owns_it_and_only_members_and_admins_see_it()
    {
        var (alice, bob, root) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"), await _api.NewUserAsync("root", admin: true));
        var org = AccountsApiServer.NewName("acme");

        var created = await _api.JsonAsync(HttpMethod.Post, "/api/v1/orgs", alice, $$"""{"name":"{{org}}"}""", HttpStatusCode.Created);
        var mine = await _api.JsonAsync(HttpMethod.Get, "/api/v1/orgs", alice, null);
        var bobs = await _api.JsonAsync(HttpMethod.Get, "/api/v1/orgs", bob, null);
        var all = await _api.JsonAsync(HttpMethod.Get, "/api/v1/orgs", root, null);
        var one = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/orgs/{org}", alice, null);
        var teams = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/orgs/{org}/teams", alice, null);

        Assert.Equal(org, created["name"]!.GetValue<string>());
        Assert.Equal([org], ApiAssert.Names(mine));
        Assert.DoesNotContain(org, ApiAssert.Names(bobs));
        Assert.Contains(org, ApiAssert.Names(all));
        Assert.Equal(created.ToJsonString(), one.ToJsonString());
        var owners = Assert.Single(teams.AsArray())!;
        Assert.Equal("owners", owners["name"]!.GetValue<string>());
        Assert.Equal("admin", owners["role"]!.GetValue<string>());
        Assert.Equal([alice.Name], owners["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/orgs/{org}", bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/orgs/{org}", bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", bob, HttpStatusCode.Conflict, $$"""{"name":"{{org}}"}""");
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", bob, HttpStatusCode.Conflict, $$"""{"name":"{{alice.Name}}"}""");

        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/orgs/{org}", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/orgs/{org}", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/orgs/{org}", root, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"../x"}""")]
    [InlineData("""{"name":"Acme"}""")]
    [InlineData("""{"name":"a b"}""")]
    [InlineData("""{"nam":"acme"}""")]
    [InlineData("""{"name":5}""")]
    public async Task Bad_organisation_names_are_400(string json)
    {
        var alice = await _api.NewUserAsync("alice");

        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", alice, HttpStatusCode.BadRequest, json);
    }

    [Fact]
    public async Task A_server_admin_sees_and_deletes_any_organisation_and_robots_cannot_create_one()
    {
        var (alice, root) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("root", admin: true));
        var org = await _api.NewOrganisationAsync(alice);
        var robot = await _api.Store.CreateRobotAsync(org, "ci", TestContext.Current.CancellationToken);

        await _api.JsonAsync(HttpMethod.Get, $"/api/v1/orgs/{org}", root, null);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", new ApiLogin($"{org}+ci", robot.Secret!), HttpStatusCode.Forbidden, """{"name":"robots-org"}""");
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/orgs/{alice.Name}", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/orgs/{org}", root, HttpStatusCode.NoContent);
    }
}
