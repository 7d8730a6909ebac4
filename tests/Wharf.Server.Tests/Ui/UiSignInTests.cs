using Microsoft.Playwright;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Auth;

namespace Wharf.Server.Tests.Ui;

/// <summary>Signing in and out of the web UI in a real browser: the same credential check as <c>docker login</c> (its
/// answers, its throttle), a session only for a password, and the way back to the page that asked for it.</summary>
[Collection(BrowserTests.Name)]
public sealed class UiSignInTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_then_the_right_password_signs_in_back_to_the_page_asked_for_and_sign_out_ends_it()
    {
        var alice = await browser.NewUserAsync("alice");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account");
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Contains("returnUrl=%2Faccount", page.Url, StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await SignInPage.SubmitAsync(page, alice, "not-the-password");
        Assert.Equal("Invalid user name or password.", await page.GetByRole(AriaRole.Alert).TextContentAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wharf_session");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await SignInPage.SubmitAsync(page, alice, BrowserFixture.Password);
        Assert.Equal("/account", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Your account", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal(alice, await page.Locator("header .account a").TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        var session = (await context.CookiesAsync()).Single(c => c.Name == "wharf_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        await AssertAuditedLoginAsync(alice);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Sign in", await page.Locator("header .account a").TextContentAsync());
        await page.GotoAsync("/account");
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }

    /// <summary>The audit trail writes every half second: a successful sign-in is there soon, as a login by password.</summary>
    private async Task AssertAuditedLoginAsync(string user)
    {
        for (var attempt = 0; ; attempt++)
        {
            var logins = await browser.Accounts.ListAuditAsync(new AuditQuery(Actor: user, Action: AuditActions.Login), Ct);
            if (logins.Any(e => e.Detail == "password, web UI") || attempt == 50)
            {
                Assert.Contains(logins, e => e.Detail == "password, web UI");
                return;
            }

            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_paused_login_says_so_even_with_the_right_password()
    {
        // Its own server: the failures pause logins from this address, which the other tests share.
        await using var registry = await GatedRegistry.StartAsync(["carol"], new Dictionary<string, string?> { ["Auth:Credentials:MaxFailures"] = "2" });
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = registry.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");

        await SignInPage.SubmitAsync(page, "carol", "wrong-password-1");
        await SignInPage.SubmitAsync(page, "carol", "wrong-password-2");
        await SignInPage.SubmitAsync(page, "carol", GatedRegistry.Password);

        var message = await page.GetByRole(AriaRole.Alert).TextContentAsync();
        Assert.StartsWith("Logins for this account or address are paused after failed attempts; try again in ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wharf_session");
    }

    [Fact]
    public async Task A_personal_access_token_does_not_sign_in_and_the_page_says_why()
    {
        var dave = await browser.NewUserAsync("dave");
        var token = await browser.Accounts.CreateAccessTokenAsync(dave, AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Delete, null, Ct);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");

        await SignInPage.SubmitAsync(page, dave, token.Secret!);

        Assert.Equal("Personal access tokens and robot secrets do not sign in here; sign in with your password.",
            await page.GetByRole(AriaRole.Alert).TextContentAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wharf_session");
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_not_followed()
    {
        var erin = await browser.NewUserAsync("erin");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString("//evil.example/phish"));

        await SignInPage.SubmitAsync(page, erin, BrowserFixture.Password);

        Assert.Equal(browser.Server.BaseAddress, new Uri(page.Url));
    }
}
