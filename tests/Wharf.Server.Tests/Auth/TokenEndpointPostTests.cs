using System.Net;
using System.Text;

namespace Wharf.Server.Tests.Auth;

/// <summary>Refresh tokens and the OAuth2 POST (distribution oauth.md), as containerd and OAuth2 clients call it.</summary>
public sealed class TokenEndpointPostTests : IAsyncLifetime
{
    private TokenEndpointHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await TokenEndpointHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Offline_token_on_get_gets_no_refresh_token_but_offline_access_on_post_does_and_the_post_redeems_it()
    {
        // docker login asks with the GET's offline_token=true; an identity token in docker's config.json would break
        // podman's and skopeo's login to the same host, so the GET never gets one (decision 012).
        var (_, login) = await _host.GetAsync("alice", "alice-password", "service=registry.test&offline_token=true&client_id=docker");
        Assert.Null(login["refresh_token"]);
        var (_, offline) = await _host.PostAsync(new()
        {
            ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alice-password", ["service"] = "registry.test", ["access_type"] = "offline",
        });
        var refreshToken = offline["refresh_token"]!.GetValue<string>();

        var (response, body) = await _host.PostAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["service"] = "registry.test",
            ["client_id"] = "docker",
            ["scope"] = "repository:alice/app:pull,push repository:team/app:pull",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await _host.ValidateAsync(body);
        Assert.Equal("alice", token.Subject);
        Assert.Equal(["repository:alice/app:pull,push", "repository:team/app:"], token.Access.Select(a => a.ToString()));
        Assert.Equal(refreshToken, body["refresh_token"]!.GetValue<string>()); // oauth.md: the same one, not a new one
        Assert.Equal("repository:alice/app:pull,push", body["scope"]!.GetValue<string>());
        Assert.Single(_host.RefreshTokens);
    }

    [Fact]
    public async Task A_post_password_grant_with_space_separated_scopes_and_offline_access()
    {
        var (response, body) = await _host.PostAsync(new()
        {
            ["grant_type"] = "password",
            ["username"] = "alice",
            ["password"] = "alice-password",
            ["service"] = "registry.test",
            ["client_id"] = "containerd-client",
            ["access_type"] = "offline",
            ["scope"] = "repository:alice/app:pull,push repository:library/public:pull,push registry:catalog:*",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await _host.ValidateAsync(body);
        Assert.Equal(["repository:alice/app:pull,push", "repository:library/public:pull", "registry:catalog:*"], token.Access.Select(a => a.ToString()));
        Assert.Equal("repository:alice/app:pull,push repository:library/public:pull registry:catalog:*", body["scope"]!.GetValue<string>());
        Assert.Equal("alice", _host.RefreshTokens[body["refresh_token"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task A_post_password_grant_without_offline_access_gets_no_refresh_token_and_may_omit_service_and_client_id()
    {
        var (response, body) = await _host.PostAsync(new() { ["grant_type"] = "password", ["username"] = "bob", ["password"] = "bob-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob", (await _host.ValidateAsync(body)).Subject);
        Assert.Null(body["refresh_token"]);
        Assert.Equal("", body["scope"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("grant_type=password&username=alice&password=wrong", 401, "invalid_grant")]
    [InlineData("grant_type=refresh_token&refresh_token=refresh-unknown", 401, "invalid_grant")]
    [InlineData("username=alice&password=alice-password", 400, "invalid_request")]
    [InlineData("grant_type=password&username=alice", 400, "invalid_request")]
    [InlineData("grant_type=refresh_token", 400, "invalid_request")]
    [InlineData("grant_type=authorization_code&code=x", 400, "unsupported_grant_type")]
    [InlineData("grant_type=password&username=alice&password=alice-password&access_type=forever", 400, "invalid_request")]
    [InlineData("grant_type=password&username=alice&password=alice-password&scope=repository:alice/app:pull+bogus", 400, "invalid_scope")]
    [InlineData("grant_type=password&username=alice&username=bob&password=alice-password", 400, "invalid_request")]
    public async Task A_bad_post_gets_an_oauth2_error(string form, int status, string error)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token")
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };

        var (response, body) = await _host.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error_description"]!.GetValue<string>()));
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.DoesNotContain("alice-password", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset")]
    [InlineData("application/x-www-form-urlencoded; charset=\"")]
    public async Task A_form_in_a_charset_that_cannot_be_read_gets_400_invalid_request(string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("grant_type=password&username=alice&password=alice-password"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (response, body) = await _host.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = content });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-8\"")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_utf8_form_is_read_however_its_charset_is_written(string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("grant_type=password&username=alice&password=alice-password&service=registry.test"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (response, _) = await _host.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = content });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_gets_400_and_another_method_405()
    {
        var (json, body) = await _host.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/token")
        {
            Content = new StringContent("""{"grant_type":"password"}""", Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());

        using var put = await _host.Client.PutAsync(new Uri("/auth/token", UriKind.Relative), new StringContent(""), Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }
}
