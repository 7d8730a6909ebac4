using System.Globalization;
using System.Net;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>The token endpoint's GET over HTTP, as docker and podman call it: HTTP Basic credentials or none,
/// <c>scope</c> repeated.</summary>
public sealed class TokenEndpointGetTests : IAsyncLifetime
{
    private TokenEndpointHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await TokenEndpointHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_get_with_basic_credentials_grants_what_was_asked_and_allowed_and_empty_actions_elsewhere()
    {
        var (response, body) = await _host.GetAsync("alice", "alice-password",
            "service=registry.test&scope=repository:alice/app:pull,push&scope=repository:team/app:pull,push&scope=repository:library/public:pull,push&account=alice&client_id=docker");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = await _host.ValidateAsync(body);
        Assert.Equal("alice", token.Subject);
        Assert.Equal(["repository:alice/app:pull,push", "repository:team/app:", "repository:library/public:pull"], token.Access.Select(a => a.ToString()));
        Assert.Equal(body["token"]!.GetValue<string>(), body["access_token"]!.GetValue<string>());
        Assert.Equal(300, body["expires_in"]!.GetValue<int>());
        var issuedAt = DateTimeOffset.ParseExact(body["issued_at"]!.GetValue<string>(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(token.ExpiresAt - TimeSpan.FromSeconds(300), issuedAt);
        Assert.Null(body["refresh_token"]);
        Assert.Null(body["scope"]);
        Assert.Equal(["127.0.0.1"], _host.ClientAddresses);
    }

    [Fact]
    public async Task Asking_for_more_than_allowed_grants_only_what_is_allowed()
    {
        var (response, body) = await _host.GetAsync("bob", "bob-password", "service=registry.test&scope=repository:team/app:pull,push,delete&scope=repository:alice/app:*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await _host.ValidateAsync(body);
        Assert.Equal(RepositoryAction.Pull, token.ActionsOn("team/app"));
        Assert.Equal(RepositoryAction.None, token.ActionsOn("alice/app"));
        Assert.Equal(["repository:team/app:pull", "repository:alice/app:"], token.Access.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Scopes_for_one_repository_are_merged_and_a_personal_access_token_caps_its_owner()
    {
        var (_, body) = await _host.GetAsync("alice", "alice-read-pat", "scope=repository:alice/app:pull&scope=repository:alice/app:push repository:alice/app:delete");

        var token = await _host.ValidateAsync(body);
        Assert.Equal(["repository:alice/app:pull"], token.Access.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Without_credentials_the_caller_is_anonymous_and_gets_no_refresh_token()
    {
        var (response, body) = await _host.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            "/auth/token?service=registry.test&offline_token=true&scope=repository:library/public:pull,push&scope=repository:alice/app:pull"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await _host.ValidateAsync(body);
        Assert.True(token.IsAnonymous);
        Assert.Equal(["repository:library/public:pull", "repository:alice/app:"], token.Access.Select(a => a.ToString()));
        Assert.Null(body["refresh_token"]);
    }

    [Fact]
    public async Task The_catalog_scope_is_granted_to_a_user()
    {
        var (_, body) = await _host.GetAsync("bob", "bob-password", "service=registry.test&scope=registry:catalog:*");

        Assert.True((await _host.ValidateAsync(body)).GrantsCatalog);
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("nobody", "alice-password")]
    [InlineData("alice", "")]
    public async Task Bad_credentials_get_401_with_a_json_body_and_a_basic_challenge(string user, string password)
    {
        var (response, body) = await _host.GetAsync(user, password, "service=registry.test&scope=repository:alice/app:pull");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal("UNAUTHORIZED", body["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("invalid username or password", body["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Null(body["token"]);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, body.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task While_logins_are_paused_the_answer_says_so_and_when_to_retry_not_that_the_password_is_wrong()
    {
        var (get, body) = await _host.GetAsync(TokenEndpointHost.ThrottledUser, "the right password", "service=registry.test&scope=repository:x/y:pull");
        var (post, form) = await _host.PostAsync(new()
        {
            ["grant_type"] = "password", ["username"] = TokenEndpointHost.ThrottledUser, ["password"] = "the right password", ["service"] = "registry.test",
        });

        foreach (var (response, json) in new[] { (get, body), (post, form) })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("90", response.Headers.GetValues("Retry-After").Single()); // 89.5 s, rounded up
            var description = json["error_description"]!.GetValue<string>();
            Assert.Equal("too many failed logins for this account or address; logins are paused, try again in 1 min 30 s", description);
            Assert.DoesNotContain("invalid username or password", json.ToJsonString(), StringComparison.Ordinal);
            // docker prints "toomanyrequests: <details>"; clients that read the registry's errors list get the same words.
            Assert.Equal(description, json["details"]!.GetValue<string>());
            Assert.Equal("TOOMANYREQUESTS", json["errors"]![0]!["code"]!.GetValue<string>());
            Assert.Empty(response.Headers.WwwAuthenticate);
        }
    }

    [Theory]
    [InlineData("scope=repository:Alice/App:pull", "invalid_scope", "malformed scope 'repository:Alice/App:pull'")]
    [InlineData("scope=repository:alice/app", "invalid_scope", "expected TYPE:NAME:ACTIONS")]
    [InlineData("scope=repository:alice/app%0A:pull", "invalid_scope", "printable ASCII")]
    [InlineData("offline_token=maybe", "invalid_request", "offline_token")]
    [InlineData("service=registry.test&service=registry.test", "invalid_request", "service must be given once")]
    [InlineData("service=another-registry&scope=repository:alice/app:pull", "invalid_request", "for the service 'registry.test' only")]
    [InlineData("client_id=%01", "invalid_request", "client_id")]
    public async Task A_malformed_get_gets_400(string query, string error, string description)
    {
        var (response, body) = await _host.GetAsync("alice", "alice-password", query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.Contains(description, body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(error.ToUpperInvariant(), body["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic bm9jb2xvbg==")] // "nocolon"
    [InlineData("Bearer abc.def.ghi")]
    public async Task An_authorization_header_that_is_not_basic_credentials_gets_400(string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=registry.test");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var (response, body) = await _host.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
    }
}
