using Microsoft.Playwright;

namespace Wharf.Server.Tests.Ui;

/// <summary>The home page and a repository's page as different visitors see them, with and without JavaScript.</summary>
[Collection(BrowserTests.Name)]
public sealed class UiPagesTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_private_repository_is_seen_only_by_those_who_may_pull_it()
    {
        var owner = await browser.NewUserAsync("owner");
        var other = await browser.NewUserAsync("other");
        var hidden = $"{owner}/private-app";
        var shown = $"{owner}/public-app";
        await browser.PushAsync(owner, hidden, "v1");
        await browser.PushAsync(owner, shown, "v2");
        await browser.Accounts.SetPublicAsync(shown, true, Ct);

        await using var anonymous = await browser.NewContextAsync();
        var page = await anonymous.NewPageAsync();
        await page.GotoAsync("/");
        await AssertListedAsync(page, shown, hidden);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        var missing = await page.GotoAsync("/r/" + hidden);
        Assert.Equal(404, missing!.Status);
        Assert.Equal("Repository not found", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await using var otherUser = await browser.NewContextAsync();
        page = await otherUser.NewPageAsync();
        await SignInPage.SignInAsync(page, other, BrowserFixture.Password);
        await AssertListedAsync(page, shown, hidden);
        Assert.Equal(404, (await page.GotoAsync("/r/" + hidden))!.Status);

        await using var ownerContext = await browser.NewContextAsync();
        page = await ownerContext.NewPageAsync();
        await SignInPage.SignInAsync(page, owner, BrowserFixture.Password);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = hidden }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal(hidden, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("v1", await page.Locator("tbody td.tag").First.TextContentAsync());
        Assert.Equal($"docker pull {browser.Server.HostPort}/{hidden}:v1", await page.Locator("dl.pull-commands dd code").First.TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Every_page_works_without_javascript()
    {
        var lena = await browser.NewUserAsync("lena");
        var repository = $"{lena}/tool";
        await browser.PushAsync(lena, repository, "latest");
        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("Repositories", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInPage.SubmitAsync(page, lena, BrowserFixture.Password);
        Assert.Equal(lena, await page.Locator("header .account a").TextContentAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = repository }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("latest", await page.Locator("tbody td.tag").First.TextContentAsync());
        // The copy button needs the script, so without it there is none to press.
        Assert.Equal(3, await page.Locator("dl.pull-commands button.copy").CountAsync());
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Copy the docker command" }).IsVisibleAsync());

        await page.GotoAsync("/account");
        Assert.Equal("Your account", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Sign in", await page.Locator("header .account a").TextContentAsync());

        await page.GotoAsync("/sign-out");
        Assert.Equal("You are not signed in.", await page.Locator("main p").First.TextContentAsync());
    }

    [Fact]
    public async Task The_sign_out_page_is_accessible()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-out");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_path_no_page_claims_is_a_404_page_and_under_api_a_problem()
    {
        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        var answer = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, answer!.Status);
        Assert.Equal("Page not found", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("/no/such/page", await page.Locator("main code").TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        using var api = await browser.Server.Client.GetAsync("/api/v1/no-such-endpoint", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        // The pages and endpoints that exist are not hidden by the catch-alls.
        Assert.Equal(200, (await page.GotoAsync("/sign-in"))!.Status);
        using var ping = await browser.Server.Client.GetAsync("/v2/", TestContext.Current.CancellationToken);
        Assert.NotEqual(System.Net.HttpStatusCode.NotFound, ping.StatusCode);
    }

    private static async Task AssertListedAsync(IPage page, string listed, string notListed)
    {
        var names = await page.Locator("main tbody a").AllTextContentsAsync();
        Assert.Contains(listed, names);
        Assert.DoesNotContain(notListed, names);
    }
}
