using System.Net;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/user</c>: the caller's own account, password and personal access tokens.</summary>
public sealed class UserEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_user_names_the_caller_its_kind_and_admin_flag_for_users_admins_and_robots()
    {
        var admin = await _api.NewUserAsync("root", admin: true);
        var org = await _api.NewOrganisationAsync(admin);
        var robot = await _api.Store.CreateRobotAsync(org, "ci", Ct);

        var me = await _api.JsonAsync(HttpMethod.Get, "/api/v1/user", admin, null);
        var bot = await _api.JsonAsync(HttpMethod.Get, "/api/v1/user", new ApiLogin($"{org}+ci", robot.Secret!), null);

        Assert.Equal(admin.Name, me["name"]!.GetValue<string>());
        Assert.True(me["isAdmin"]!.GetValue<bool>());
        Assert.Equal($"{org}+ci", bot["name"]!.GetValue<string>());
        Assert.Equal("robot", bot["kind"]!.GetValue<string>());
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/user/tokens", new ApiLogin($"{org}+ci", robot.Secret!), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_and_then_only_the_new_one_works()
    {
        var alice = await _api.NewUserAsync("alice", withPassword: true);
        var old = AccountsApiServer.PasswordOf(alice.Name);

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", alice, HttpStatusCode.Forbidden, """{"currentPassword":"not-it-at-all","newPassword":"brand-new-password"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", alice, HttpStatusCode.Forbidden, $$"""{"currentPassword":"{{alice.Secret}}","newPassword":"brand-new-password"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", alice, HttpStatusCode.BadRequest, $$"""{"currentPassword":"{{old}}","newPassword":"short"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", alice, HttpStatusCode.BadRequest, """{"newPassword":"brand-new-password"}""");
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", alice, HttpStatusCode.NoContent, $$"""{"currentPassword":"{{old}}","newPassword":"brand-new-password"}""");

        Assert.Equal(HttpStatusCode.OK, await _api.TokenEndpointStatusAsync(alice.Name, "brand-new-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.TokenEndpointStatusAsync(alice.Name, old));
    }

    [Fact]
    public async Task A_personal_access_token_is_shown_once_works_at_the_token_endpoint_and_stops_when_revoked()
    {
        var alice = await _api.NewUserAsync("alice");

        var created = await _api.JsonAsync(
            HttpMethod.Post, "/api/v1/user/tokens", alice, """{"name":"laptop","scope":"read-write","expiresAt":"2999-01-01T00:00:00Z"}""", HttpStatusCode.Created);
        var token = created["token"]!.GetValue<string>();
        var id = created["id"]!.GetValue<long>();
        var listed = await _api.JsonAsync(HttpMethod.Get, "/api/v1/user/tokens", alice, null);
        var works = await _api.TokenEndpointStatusAsync(alice.Name, token, $"repository:{alice.Name}/app:pull,push");

        Assert.StartsWith(SecretTokens.PersonalAccessTokenPrefix, token, StringComparison.Ordinal);
        Assert.Equal("laptop", created["name"]!.GetValue<string>());
        Assert.Equal("read-write", created["scope"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero), created["expiresAt"]!.GetValue<DateTimeOffset>());
        var entry = Assert.Single(listed.AsArray(), t => t!["id"]!.GetValue<long>() == id)!;
        Assert.Equal("personal-access-token", entry["kind"]!.GetValue<string>());
        Assert.Equal("read-write", entry["scope"]!.GetValue<string>());
        Assert.Null(entry["revokedAt"]);
        Assert.DoesNotContain(token, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, works);

        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/user/tokens/{id}", alice, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/user/tokens/{id}", alice, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Delete, "/api/v1/user/tokens/not-a-number", alice, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.TokenEndpointStatusAsync(alice.Name, token));
        var after = await _api.JsonAsync(HttpMethod.Get, "/api/v1/user/tokens", alice, null);
        Assert.NotNull(after.AsArray().Single(t => t!["id"]!.GetValue<long>() == id)!["revokedAt"]);
    }

    [Fact]
    public async Task Another_users_token_cannot_be_revoked()
    {
        var alice = await _api.NewUserAsync("alice");
        var bob = await _api.NewUserAsync("bob");
        var bobs = await _api.Store.ListAccessTokensAsync(bob.Name, Ct);

        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/user/tokens/{bobs[0].Id}", alice, HttpStatusCode.NotFound);
        await _api.JsonAsync(HttpMethod.Get, "/api/v1/user", bob, null);
    }

    [Theory]
    [InlineData("""{"name":"ci"}""")]
    [InlineData("""{"name":"ci","scope":"all"}""")]
    [InlineData("""{"name":"ci","scope":2}""")]
    [InlineData("""{"name":"","scope":"read"}""")]
    [InlineData("""{"name":"ci","scope":"read","expiresAt":"2001-01-01T00:00:00Z"}""")]
    [InlineData("""{"name":"ci","scope":"read","expiresAt":"tomorrow"}""")]
    [InlineData("""{"name":"ci","scope":"read","admin":true}""")]
    [InlineData("""{"name":"ci","scope":""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    public async Task Bad_token_requests_are_400_problems(string json)
    {
        var alice = await _api.NewUserAsync("alice");

        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/user/tokens", alice, HttpStatusCode.BadRequest, json);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415()
    {
        var alice = await _api.NewUserAsync("alice");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/user/tokens")
        {
            Content = new StringContent("""{"name":"ci","scope":"read"}""", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = AccountsApiServer.Basic(alice);

        using var response = await _api.Server.Client.SendAsync(request, Ct);

        ApiAssert.Problem(response, await response.Content.ReadAsStringAsync(Ct), HttpStatusCode.UnsupportedMediaType);
    }
}
