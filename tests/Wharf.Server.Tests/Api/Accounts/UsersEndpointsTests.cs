using System.Net;
using System.Text;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/users</c>: server administrators manage accounts and import htpasswd files.</summary>
public sealed class UsersEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_creates_reads_updates_and_deletes_a_user()
    {
        var root = await _api.NewUserAsync("root", admin: true);
        var name = AccountsApiServer.NewName("carol");

        var created = await _api.JsonAsync(HttpMethod.Post, "/api/v1/users", root, $$"""{"name":"{{name}}","password":"carol-password-1"}""", HttpStatusCode.Created);
        var read = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/users/{name}", root, null);
        var patched = await _api.JsonAsync(HttpMethod.Patch, $"/api/v1/users/{name}", root, """{"isAdmin":true,"password":"carol-password-2"}""");

        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.Equal("user", created["kind"]!.GetValue<string>());
        Assert.False(created["isAdmin"]!.GetValue<bool>());
        Assert.False(created["disabled"]!.GetValue<bool>());
        Assert.True(created["createdAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        Assert.True(patched["isAdmin"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, await _api.TokenEndpointStatusAsync(name, "carol-password-2"));

        var disabled = await _api.JsonAsync(HttpMethod.Patch, $"/api/v1/users/{name}", root, """{"disabled":true}""");
        Assert.True(disabled["disabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.TokenEndpointStatusAsync(name, "carol-password-2"));

        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{name}", root, HttpStatusCode.NoContent);
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/users/{name}", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{name}", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Patch, $"/api/v1/users/{name}", root, HttpStatusCode.NotFound, """{"disabled":false}""");
    }

    [Fact]
    public async Task A_chunk_size_that_overflows_64_bits_is_a_400_problem()
    {
        var root = await _api.NewUserAsync("root", admin: true);
        var head = $"POST /api/v1/users HTTP/1.1\r\nHost: {_api.Server.HostPort}\r\nContent-Type: application/json\r\n"
            + $"Authorization: {AccountsApiServer.Basic(root)}\r\nTransfer-Encoding: chunked";

        var status = await Conformance.RawHttp.SendAsync(_api.Server.BaseAddress, head, Encoding.ASCII.GetBytes("ffffffffffffffffff\r\n\r\n0\r\n\r\n"), halfClose: false);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Users_are_listed_in_name_order_by_kind_and_page()
    {
        var root = await _api.NewUserAsync("root", admin: true);
        var org = await _api.NewOrganisationAsync(root);

        var organisations = await _api.JsonAsync(HttpMethod.Get, "/api/v1/users?kind=organisation&limit=1000", root, null);
        var first = await _api.JsonAsync(HttpMethod.Get, "/api/v1/users?limit=1", root, null);
        var next = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/users?limit=1&after={ApiAssert.Names(first)[0]}", root, null);

        Assert.Contains(org, ApiAssert.Names(organisations));
        Assert.All(organisations.AsArray(), a => Assert.Equal("organisation", a!["kind"]!.GetValue<string>()));
        Assert.Single(first.AsArray());
        Assert.True(string.CompareOrdinal(ApiAssert.Names(next)[0], ApiAssert.Names(first)[0]) > 0);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users?kind=admin", root, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users?limit=0", root, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users?limit=ten", root, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Non_admins_get_403_on_admin_endpoints_and_read_only_themselves()
    {
        var alice = await _api.NewUserAsync("alice");
        var bob = await _api.NewUserAsync("bob");

        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users", alice, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/users", alice, HttpStatusCode.Forbidden, """{"name":"mallory"}""");
        await _api.ExpectAsync(HttpMethod.Patch, $"/api/v1/users/{alice.Name}", alice, HttpStatusCode.Forbidden, """{"isAdmin":true}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{bob.Name}", alice, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/users/import", alice, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/audit", alice, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/users/{bob.Name}", alice, HttpStatusCode.Forbidden);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users/nobody-at-all", alice, HttpStatusCode.Forbidden);
        var self = await _api.JsonAsync(HttpMethod.Get, $"/api/v1/users/{alice.Name}", alice, null);
        Assert.Equal(alice.Name, self["name"]!.GetValue<string>());
        Assert.Null(await _api.Store.FindAccountAsync("mallory", Ct));
    }

    [Theory]
    [InlineData("""{"name":"../x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"Alice"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"a"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"acme+ci"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"dave--x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"dave","password":"short"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"dave","isAdmin":"yes"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"dave",""", HttpStatusCode.BadRequest)]
    public async Task Bad_new_users_are_400_problems(string json, HttpStatusCode status)
    {
        var root = await _api.NewUserAsync("root", admin: true);

        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/users", root, status, json);
    }

    [Fact]
    public async Task Names_in_paths_are_checked_taken_names_conflict_and_an_admin_cannot_demote_itself()
    {
        var root = await _api.NewUserAsync("root", admin: true);

        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users/Alice", root, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users/..%2Fx", root, HttpStatusCode.BadRequest);
        await _api.ExpectAsync(HttpMethod.Get, "/api/v1/users/nobody-at-all", root, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Post, "/api/v1/users", root, HttpStatusCode.Conflict, $$"""{"name":"{{root.Name}}"}""");
        await _api.ExpectAsync(HttpMethod.Patch, $"/api/v1/users/{root.Name}", root, HttpStatusCode.Conflict, """{"isAdmin":false}""");
        await _api.ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{root.Name}", root, HttpStatusCode.Conflict);
        var org = await _api.NewOrganisationAsync(root);
        await _api.ExpectAsync(HttpMethod.Patch, $"/api/v1/users/{org}", root, HttpStatusCode.BadRequest, """{"password":"organisation-password"}""");
    }

    [Fact]
    public async Task An_htpasswd_import_creates_its_bcrypt_users_who_can_then_log_in()
    {
        var root = await _api.NewUserAsync("root", admin: true);
        var (erin, frank, existing) = (AccountsApiServer.NewName("erin"), AccountsApiServer.NewName("frank"), await _api.NewUserAsync("old"));
        var erinHash = BCrypt.Net.BCrypt.HashPassword("erin-password", 5);
        var htpasswd = new StringBuilder()
            .Append("# exported from distribution\n")
            .Append($"{erin}:{erinHash}\n")
            .Append($"{frank}:$apr1$abcdefgh$0123456789abcdefghijkl\n")
            .Append($"Bad.Name:{BCrypt.Net.BCrypt.HashPassword("x", 4)}\n")
            .Append($"{existing.Name}:{BCrypt.Net.BCrypt.HashPassword("x", 4)}\n")
            .Append("no colon here\n")
            .ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/import") { Content = new StringContent(htpasswd, Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = AccountsApiServer.Basic(root);

        using var response = await _api.Server.Client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal([erin], report["imported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([existing.Name], report["existing"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([3, 4, 6], report["skipped"]!.AsArray().Select(n => n!["line"]!.GetValue<int>()));
        Assert.All(report["skipped"]!.AsArray(), n => Assert.False(string.IsNullOrEmpty(n!["reason"]!.GetValue<string>())));
        Assert.DoesNotContain("$2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("apr1$abcdefgh", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await _api.TokenEndpointStatusAsync(erin, "erin-password"));
    }
}
