using System.Net;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Ui;

/// <summary>What protects a session: antiforgery tokens on forms, the API's refusal of cross-site changes, the account
/// read again for every request, and the headers of every page; and what the UI leaves alone (/v2, /api, /auth).</summary>
[Collection(BrowserTests.Name)]
public sealed class UiSecurityTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_carry_the_security_headers_and_no_inline_script_or_style()
    {
        using var client = NewClient();
        foreach (var path in new[] { "/", "/sign-in", "/sign-out", "/r/nobody/nothing", "/account" })
        {
            using var response = await client.GetAsync(path, Ct);
            var headers = response.Headers;
            Assert.Equal(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", headers.GetValues("Referrer-Policy").Single());
            Assert.True(headers.CacheControl?.NoStore, path);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        }

        // And the browser agrees: nothing on a page is blocked by the policy.
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync("/");
        await page.GotoAsync("/sign-in");
        Assert.Empty(blocked);
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
    }

    [Fact]
    public async Task A_forged_sign_in_post_without_the_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var frank = await browser.NewUserAsync("frank");
        using var client = NewClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Form.User"] = frank,
            ["Form.Password"] = BrowserFixture.Password,
        });

        using var response = await client.PostAsync("/sign-in", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("wharf_session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stolen_cookie_changes_nothing_from_another_site_nor_signs_out_without_the_form()
    {
        var grace = await browser.NewUserAsync("grace");
        var cookie = await SignedInCookieAsync(grace);
        using var client = NewClient();

        foreach (var (header, value) in new[] { ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var change = Request(HttpMethod.Post, "/api/v1/user/tokens", cookie);
            change.Headers.Add(header, value);
            change.Content = new StringContent("""{"name":"stolen","scope":"delete"}""", System.Text.Encoding.UTF8, "application/json");
            using var refused = await client.SendAsync(change, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var signOut = Request(HttpMethod.Post, "/sign-out", cookie);
        signOut.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "sign-out" });
        using var forged = await client.SendAsync(signOut, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        Assert.Empty(await browser.Accounts.ListAccessTokensAsync(grace, Ct));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/v1/user", cookie)).StatusCode);
    }

    [Fact]
    public async Task The_api_accepts_the_session_cookie_and_still_answers_401_problem_details_without_credentials()
    {
        var heidi = await browser.NewUserAsync("heidi");
        var cookie = await SignedInCookieAsync(heidi);
        using var client = NewClient();

        using var me = await SendAsync(client, HttpMethod.Get, "/api/v1/user", cookie);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(heidi, JsonNode.Parse(await me.Content.ReadAsStringAsync(Ct))!["name"]!.GetValue<string>());

        using var anonymous = await SendAsync(client, HttpMethod.Get, "/api/v1/user", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Basic realm=\"wharf\"", anonymous.Headers.WwwAuthenticate.Single().ToString());
        Assert.False(anonymous.Headers.Contains("Location"));
    }

    [Fact]
    public async Task A_disabled_account_or_a_changed_password_ends_the_session_at_once()
    {
        var ivan = await browser.NewUserAsync("ivan");
        var judy = await browser.NewUserAsync("judy");
        var ivanCookie = await SignedInCookieAsync(ivan);
        var judyCookie = await SignedInCookieAsync(judy);
        using var client = NewClient();

        Assert.Equal(AccountChange.Done, await browser.Accounts.UpdateAccountAsync(ivan, new AccountUpdate(Disabled: true), Ct));
        Assert.Equal(AccountChange.Done, await browser.Accounts.SetPasswordAsync(judy, "a-new-password-1", Ct));

        foreach (var cookie in new[] { ivanCookie, judyCookie })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/v1/user", cookie)).StatusCode);
            using var page = await SendAsync(client, HttpMethod.Get, "/account", cookie);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/sign-in", page.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task The_registry_the_api_and_the_token_endpoint_are_not_the_ui()
    {
        using var client = NewClient();

        using var registry = await client.GetAsync("/v2/", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, registry.StatusCode);
        Assert.Equal("application/json", registry.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"errors\":", await registry.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(registry.Headers.Contains("Content-Security-Policy"));

        var kim = await browser.NewUserAsync("kim");
        var token = await browser.Registry.TokenAsync(kim, $"repository:{kim}/nothing:pull");
        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"/v2/{kim}/nothing/manifests/1");
        unknown.Headers.Authorization = new("Bearer", token);
        using var missing = await client.SendAsync(unknown, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith("{\"errors\":", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var api = await client.GetAsync("/api/v1/no-such-thing", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }

    /// <summary>A client that keeps no cookies and follows no redirects: each request says exactly what it sends.</summary>
    private HttpClient NewClient() =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = browser.Server.BaseAddress };

    /// <summary>Signs <paramref name="user"/> in through the browser and returns the session cookie.</summary>
    private async Task<string> SignedInCookieAsync(string user)
    {
        await using var context = await browser.NewContextAsync();
        await SignInPage.SignInAsync(await context.NewPageAsync(), user, BrowserFixture.Password);
        return await SignInPage.SessionCookieAsync(context);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? cookie)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? cookie)
    {
        using var request = Request(method, path, cookie);
        return await client.SendAsync(request, Ct);
    }
}
