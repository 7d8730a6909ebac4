using System.Net;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>How the management API authenticates: HTTP Basic with a password, a personal access token (its scope a
/// cap) or a robot secret; 401 with a Basic challenge, 429 when throttled, 403 for a token too narrow to change things.</summary>
public sealed class ApiAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_callers_get_401_with_a_basic_challenge_and_a_password_logs_in()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var alice = await api.NewUserAsync("alice", withPassword: true);

        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", null, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/audit", null, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", null, HttpStatusCode.Unauthorized, """{"name":"acme"}""");
        await api.ExpectAsync(HttpMethod.Put, "/api/v1/visibility", null, HttpStatusCode.Unauthorized, """{"repository":"x/y","public":true}""");
        var me = await api.JsonAsync(HttpMethod.Get, "/api/v1/user", new ApiLogin(alice.Name, AccountsApiServer.PasswordOf(alice.Name)), null);

        Assert.Equal(alice.Name, me["name"]!.GetValue<string>());
        Assert.Equal("user", me["kind"]!.GetValue<string>());
        Assert.False(me["isAdmin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Wrong_or_malformed_credentials_get_401_whatever_the_endpoint()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var alice = await api.NewUserAsync("alice", withPassword: true);
        var bob = await api.NewUserAsync("bob");

        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", alice with { Secret = "wrong-password" }, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", new ApiLogin(alice.Name, bob.Secret), HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/visibility?repository=x/y", new ApiLogin("nobody", "secret-secret"), HttpStatusCode.Unauthorized);
        foreach (var header in new[] { "Basic !!!", "Bearer abc.def.ghi", "Basic " + Convert.ToBase64String("no-colon"u8.ToArray()) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await api.Server.Client.SendAsync(request, Ct);
            ApiAssert.Problem(response, await response.Content.ReadAsStringAsync(Ct), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Repeated_failures_are_throttled_with_429_and_retry_after_even_for_the_right_password()
    {
        await using var api = await AccountsApiServer.StartAsync(new Dictionary<string, string?> { ["Auth:Credentials:MaxFailures"] = "2" });
        var alice = await api.NewUserAsync("alice", withPassword: true);
        // Two different guesses: the same wrong secret sent again at once counts as one (decision 012).
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", alice with { Secret = "wrong-password-1" }, HttpStatusCode.Unauthorized);
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", alice with { Secret = "wrong-password-2" }, HttpStatusCode.Unauthorized);
        using var throttled = await api.SendAsync(HttpMethod.Get, "/api/v1/user", new ApiLogin(alice.Name, AccountsApiServer.PasswordOf(alice.Name)));

        ApiAssert.Problem(throttled, await throttled.Content.ReadAsStringAsync(Ct), HttpStatusCode.TooManyRequests);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_narrow_token_reads_but_changes_need_a_password_or_a_full_token()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var alice = await api.NewUserAsync("alice", withPassword: true, scope: TokenScope.Read);
        var readWrite = await api.TokenAsync(alice.Name, TokenScope.ReadWrite);
        var full = await api.TokenAsync(alice.Name, TokenScope.Delete);
        var password = new ApiLogin(alice.Name, AccountsApiServer.PasswordOf(alice.Name));
        var visibility = $$"""{"repository":"{{alice.Name}}/app","public":true}""";

        await api.JsonAsync(HttpMethod.Get, "/api/v1/user/tokens", alice, null);
        await api.ExpectAsync(HttpMethod.Post, "/api/v1/user/tokens", alice, HttpStatusCode.Forbidden, """{"name":"ci","scope":"delete"}""");
        await api.ExpectAsync(HttpMethod.Post, "/api/v1/orgs", readWrite, HttpStatusCode.Forbidden, $$"""{"name":"{{AccountsApiServer.NewName("org")}}"}""");
        await api.ExpectAsync(HttpMethod.Put, "/api/v1/visibility", alice, HttpStatusCode.Forbidden, visibility);
        await api.ExpectAsync(HttpMethod.Put, "/api/v1/visibility", readWrite, HttpStatusCode.Forbidden, visibility);
        await api.JsonAsync(HttpMethod.Put, "/api/v1/visibility", full, visibility);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/orgs", password, $$"""{"name":"{{AccountsApiServer.NewName("org")}}"}""", HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_cross_site_browser_post_is_refused_even_with_credentials()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var admin = await api.NewUserAsync("root", admin: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/import")
        {
            Content = new StringContent("mallory:$2y$05$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234"),
        };
        request.Headers.Authorization = AccountsApiServer.Basic(admin);
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await api.Server.Client.SendAsync(request, Ct);

        ApiAssert.Problem(response, await response.Content.ReadAsStringAsync(Ct), HttpStatusCode.Forbidden);
        Assert.Null(await api.Store.FindAccountAsync("mallory", Ct));
    }
}
