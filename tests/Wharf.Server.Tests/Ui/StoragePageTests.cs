using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wharf.Registry.Auth;
using Wharf.Registry.Maintenance;

namespace Wharf.Server.Tests.Ui;

/// <summary>The storage page: bytes per namespace and repository as the visitor may see them (a figure over repositories
/// they cannot all see is not shown), and for administrators the garbage collections and what they freed.</summary>
[Collection(BrowserTests.Name)]
public sealed class StoragePageTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_sees_the_bytes_of_what_they_may_pull_and_an_administrator_sees_the_whole_and_the_collections()
    {
        var owner = await browser.NewUserAsync("sam");
        var other = await browser.NewUserAsync("tia");
        var admin = "root" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(AccountChange.Done, await browser.Accounts.CreateUserAsync(admin, BrowserFixture.Password, Ct, isAdmin: true));
        var pushed = await browser.Registry.PushAsync(owner, $"{owner}/big", "1");
        await browser.PushAsync(owner, $"{owner}/small", "1");
        await browser.PushAsync(other, $"{other}/theirs", "1");
        await browser.Server.Services.GetRequiredService<GarbageCollector>().CollectAsync(TimeSpan.FromDays(1), Ct);

        await using var ownerContext = await browser.NewContextAsync();
        var page = await ownerContext.NewPageAsync();
        await SignInPage.SignInAsync(page, owner, BrowserFixture.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Storage" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Storage", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var repositories = page.Locator("table.byte-chart").Last;
        Assert.Equal(1, await repositories.GetByRole(AriaRole.Link, new() { Name = $"{owner}/big" }).CountAsync());
        var row = repositories.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"{owner}/big" }) });
        Assert.Equal(Wharf.Oci.Bytes.Format(pushed.Config.Bytes.Length + pushed.Layer.Bytes.Length), await row.Locator("td").Nth(1).TextContentAsync());
        Assert.Contains(owner, await page.Locator("table.byte-chart").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("p.verdict").CountAsync()); // others' repositories are hidden from them: no total
        Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "Garbage collections" }).CountAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await using var otherContext = await browser.NewContextAsync(javaScript: false);
        page = await otherContext.NewPageAsync();
        await SignInPage.SignInAsync(page, other, BrowserFixture.Password);
        await page.GotoAsync("/storage");
        Assert.DoesNotContain(owner, await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);

        await using var adminContext = await browser.NewContextAsync();
        page = await adminContext.NewPageAsync();
        await SignInPage.SignInAsync(page, admin, BrowserFixture.Password);
        await page.GotoAsync("/storage");
        Assert.Contains("This registry stores", await page.Locator("p.verdict").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new() { Name = "Garbage collections" }).CountAsync());
        Assert.Contains("completed", await page.Locator("table").Last.TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }
}
