using System.Net;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/orgs/{org}/teams</c>: teams, roles and members, changed only by organisation administrators.</summary>
public sealed class TeamEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    [Fact]
    public async Task An_org_admin_creates_a_team_fills_it_changes_its_role_and_deletes_it()
    {
        var (alice, bob) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"));
        var org = await _api.NewOrganisationAsync(alice);
        var teams = $"/api/v1/orgs/{org}/teams";

        var created = await _api.JsonAsync(HttpMethod.Post, teams, alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{bob.Name}", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{bob.Name}", alice, HttpStatusCode.NoContent);
        var listed = await _api.JsonAsync(HttpMethod.Get, teams, bob, null);

        Assert.Equal("""{"name":"devs","role":"member","members":[]}""", created.ToJsonString());
        var devs = listed.AsArray().Single(t => t!["name"]!.GetValue<string>() == "devs")!;
        Assert.Equal([bob.Name], devs["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        await _api.ExpectAsync(HttpMethod.Post, teams, bob, HttpStatusCode.Forbidden, """{"name":"mine","role":"admin"}""");

        var promoted = await _api.JsonAsync(HttpMethod.Patch, $"{teams}/devs", alice, """{"role":"admin"}""");
        Assert.Equal("admin", promoted["role"]!.GetValue<string>());
        await _api.JsonAsync(HttpMethod.Post, teams, bob, """{"name":"bobs","role":"member"}""", HttpStatusCode.Created);

        await _api.ExpectAsync(HttpMethod.Delete, $"{teams}/devs/members/{bob.Name}", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Delete, $"{teams}/devs/members/{bob.Name}", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Post, teams, bob, HttpStatusCode.Forbidden, """{"name":"more","role":"member"}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"{teams}/devs", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Delete, $"{teams}/devs", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Patch, $"{teams}/devs", alice, HttpStatusCode.NotFound, """{"role":"member"}""");
    }

    [Fact]
    public async Task Non_members_and_plain_members_cannot_manage_teams()
    {
        var (alice, bob, carol) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"), await _api.NewUserAsync("carol"));
        var org = await _api.NewOrganisationAsync(alice);
        var teams = $"/api/v1/orgs/{org}/teams";
        await _api.JsonAsync(HttpMethod.Post, teams, alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{bob.Name}", alice, HttpStatusCode.NoContent);

        await _api.ExpectAsync(HttpMethod.Get, teams, carol, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{carol.Name}", bob, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{carol.Name}", carol, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Patch, $"{teams}/devs", bob, HttpStatusCode.Forbidden, """{"role":"admin"}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"{teams}/owners", bob, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_teams_and_members_are_400_unknown_ones_404_and_taken_names_409()
    {
        var (alice, root) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("root", admin: true));
        var org = await _api.NewOrganisationAsync(alice);
        var other = await _api.NewOrganisationAsync(alice);
        var teams = $"/api/v1/orgs/{org}/teams";
        await _api.JsonAsync(HttpMethod.Post, teams, alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);

        await _api.ExpectAsync(HttpMethod.Post, teams, alice, HttpStatusCode.Conflict, """{"name":"devs","role":"admin"}""");
        await _api.ExpectAsync(HttpMethod.Post, teams, alice, HttpStatusCode.BadRequest, """{"name":"Devs","role":"member"}""");
        await _api.ExpectAsync(HttpMethod.Post, teams, alice, HttpStatusCode.BadRequest, """{"name":"ops","role":"owner"}""");
        await _api.ExpectAsync(HttpMethod.Post, teams, alice, HttpStatusCode.BadRequest, """{"name":"ops"}""");
        await _api.ExpectAsync(HttpMethod.Patch, $"{teams}/devs", alice, HttpStatusCode.BadRequest, """{"role":"boss"}""");
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/{other}", alice, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/Bob", alice, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/devs/members/nobody-here", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Put, $"{teams}/nope/members/{alice.Name}", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/orgs/no-such-org/teams", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs/no-such-org/teams", root, HttpStatusCode.NotFound, """{"name":"ops","role":"member"}""");
    }
}
