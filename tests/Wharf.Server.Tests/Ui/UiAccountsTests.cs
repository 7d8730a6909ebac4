using System.Net;
using Microsoft.Playwright;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>The accounts pages as their users live them: a token made in the browser and used for a push, then
/// revoked; a team given write access that then pushes; a robot's secret shown once; a password changed; the
/// administrators' pages closed to others; a form posted without its antiforgery token changing nothing. Every page is
/// checked with axe.</summary>
[Collection(BrowserTests.Name)]
public sealed class UiAccountsTests(BrowserFixture browser, DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_made_in_the_browser_is_shown_once_pushes_and_once_revoked_is_refused()
    {
        var tess = await browser.NewUserAsync("tess");
        await using var context = await browser.NewContextAsync();
        var page = await SignedInAsync(context, tess);
        await page.GotoAsync("/account");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("Token name", new() { Exact = true }).FillAsync("laptop");
        await page.GetByLabel("Scope", new() { Exact = true }).SelectOptionAsync("read-write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the token" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var secret = (await page.Locator(".secret-value").TextContentAsync())!.Trim();
        Assert.NotEmpty(secret);
        Assert.Contains("shown this once", await page.Locator(".secret").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // The secret is a docker password: docker login takes it, and docker pushes with it.
        var registry = browser.Server.HostPort;
        var config = docker.NewDirectory("token-login");
        (await docker.DockerAsync(["--config", config, "login", "-u", tess, "-p", secret, registry], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["tag", DockerEngine.BaseImage, $"{registry}/{tess}/app:1"], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["--config", config, "push", $"{registry}/{tess}/app:1"], Ct)).EnsureSuccess();

        await page.GotoAsync("/account");
        Assert.Contains("laptop", await page.Locator("main table").Last.TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke laptop" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains("Revoke the token “laptop”?", await page.Locator(".confirm h3").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the token" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The token is revoked.", await page.Locator("p.done").TextContentAsync());
        Assert.Contains("revoked", await page.Locator("main table").Last.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenEndpointStatusAsync(tess, secret));
        Assert.Contains(await browser.Accounts.ListAuditAsync(new AuditQuery(Actor: tess, Action: AuditActions.TokenRevoked), Ct), e => e.Target == tess);
    }

    [Fact]
    public async Task An_organisation_admin_gives_a_team_write_access_its_member_pushes_and_a_robot_secret_is_shown_once()
    {
        var olga = await browser.NewUserAsync("olga");
        var mick = await browser.NewUserAsync("mick");
        var org = "org" + Guid.NewGuid().ToString("N")[..8];
        await using var context = await browser.NewContextAsync();
        var page = await SignedInAsync(context, olga);

        await page.GetByRole(AriaRole.Link, new() { Name = "Organisations" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByLabel("Organisation name", new() { Exact = true }).FillAsync(org);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the organisation" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal($"/orgs/{org}", new Uri(page.Url).AbsolutePath);

        await page.GetByLabel("Team name", new() { Exact = true }).FillAsync("devs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the team" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The team is created.", await page.Locator("p.done").TextContentAsync());
        await page.GetByLabel("Team", new() { Exact = true }).SelectOptionAsync("devs");
        await page.GetByLabel("User or robot", new() { Exact = true }).FillAsync(mick);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the member" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The member is added.", await page.Locator("p.done").TextContentAsync());

        // Before the grant, mick (a member: pull only) may not push.
        var refused = await browser.Registry.TokenAsync(mick, $"repository:{org}/app:pull,push");
        await Assert.ThrowsAnyAsync<Exception>(() => browser.Registry.Client(refused).PushImageAsync($"{org}/app", "0"));

        await page.GetByLabel("Repository", new() { Exact = true }).FillAsync($"{org}/app");
        await page.GetByLabel("Grant to", new() { Exact = true }).SelectOptionAsync("team");
        await page.GetByLabel("Team, user or robot name", new() { Exact = true }).FillAsync("devs");
        await page.GetByLabel("Access", new() { Exact = true }).SelectOptionAsync("write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The grant is saved.", await page.Locator("p.done").TextContentAsync());
        Assert.Contains($"team {org}/devs", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await browser.PushAsync(mick, $"{org}/app", "1");
        Assert.Contains(await browser.Accounts.ListGrantsAsync($"{org}/app", Ct), g => g.Grantee == Grantee.Team(org, "devs") && g.Access == RepositoryAccess.Write);
        Assert.Contains(await browser.Accounts.ListAuditAsync(new AuditQuery(Actor: olga, Action: AuditActions.PermissionChanged), Ct),
            e => e.Target == $"{org}/app" && e.Detail == $"{org}/devs: write");

        await page.GetByLabel($"New robot's name").FillAsync("ci");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the robot" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var secret = (await page.Locator(".secret-value").TextContentAsync())!.Trim();
        Assert.Equal(HttpStatusCode.OK, await TokenEndpointStatusAsync($"{org}+ci", secret));
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync($"/orgs/{org}");
        Assert.Contains($"{org}+ci", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // mick is a member, not an admin: he reads the teams but has no buttons, and a post of his is refused in the API's words.
        await using var mickContext = await browser.NewContextAsync();
        var mickPage = await SignedInAsync(mickContext, mick);
        await mickPage.GotoAsync($"/orgs/{org}");
        Assert.Contains("devs", await mickPage.Locator("main table").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await mickPage.GetByRole(AriaRole.Button, new() { Name = "Delete team" }).CountAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(mickPage);
    }

    [Fact]
    public async Task An_organisation_admin_makes_a_team_admin_and_deletes_the_organisation_after_a_confirmation_without_javascript()
    {
        var olga = await browser.NewUserAsync("olga");
        var org = "org" + Guid.NewGuid().ToString("N")[..8];
        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await SignedInAsync(context, olga);
        await page.GotoAsync("/orgs");
        await page.GetByLabel("Organisation name", new() { Exact = true }).FillAsync(org);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the organisation" }).ClickAsync();
        await page.GetByLabel("Team name", new() { Exact = true }).FillAsync("ops");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the team" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Make admin: ops" }).ClickAsync();
        Assert.Equal("The team's role is changed.", await page.Locator("p.done").TextContentAsync());
        Assert.Equal(OrganisationRole.Admin, (await browser.Accounts.ListTeamsAsync(org, Ct)).Single(t => t.Name == "ops").Role);
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Make member: ops" }).CountAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Delete {org}…" }).ClickAsync();
        Assert.Equal($"Delete the organisation {org}?", await page.GetByRole(AriaRole.Heading, new() { Level = 3 }).Last.TextContentAsync());
        Assert.NotNull(await browser.Accounts.FindAccountAsync(org, Ct));
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {org}" }).ClickAsync();
        Assert.Equal("/orgs", new Uri(page.Url).AbsolutePath);
        Assert.Equal("The organisation is deleted.", await page.Locator("p.done").TextContentAsync());
        Assert.Null(await browser.Accounts.FindAccountAsync(org, Ct));
        Assert.DoesNotContain(org, await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_changed_without_javascript_keeps_the_session_and_the_old_one_is_refused()
    {
        var pete = await browser.NewUserAsync("pete");
        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await SignedInAsync(context, pete);
        await page.GotoAsync("/account");

        await page.GetByLabel("Current password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("currentPassword is not this user's password", await page.GetByRole(AriaRole.Alert).TextContentAsync());

        await page.GetByLabel("Current password", new() { Exact = true }).FillAsync(BrowserFixture.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Your password is changed.", await page.Locator("p.done").TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // This session goes on; the old password no longer signs in anywhere, the new one does.
        await page.ReloadAsync();
        Assert.Equal("/account", new Uri(page.Url).AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenEndpointStatusAsync(pete, BrowserFixture.Password));
        Assert.Equal(HttpStatusCode.OK, await TokenEndpointStatusAsync(pete, "a-brand-new-password"));
        await using var other = await browser.NewContextAsync(javaScript: false);
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync("/sign-in");
        await SignInPage.SubmitAsync(otherPage, pete, BrowserFixture.Password);
        Assert.Equal("Invalid user name or password.", await otherPage.GetByRole(AriaRole.Alert).TextContentAsync());
    }

    [Fact]
    public async Task Only_an_administrator_sees_the_admin_pages_manages_users_and_filters_the_audit_log()
    {
        var nora = await browser.NewUserAsync("nora");
        await using var noraContext = await browser.NewContextAsync();
        var noraPage = await SignedInAsync(noraContext, nora);
        Assert.Equal(0, await noraPage.GetByRole(AriaRole.Link, new() { Name = "Admin" }).CountAsync());
        Assert.Equal(403, (await noraPage.GotoAsync("/admin/users"))!.Status);
        Assert.Equal("Forbidden", await noraPage.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(noraPage);
        Assert.Equal(403, (await noraPage.GotoAsync("/admin/audit"))!.Status);

        var adam = "adam" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(AccountChange.Done, await browser.Accounts.CreateUserAsync(adam, BrowserFixture.Password, Ct, isAdmin: true));
        await using var context = await browser.NewContextAsync();
        var page = await SignedInAsync(context, adam);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("/admin/users", new Uri(page.Url).AbsolutePath);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        var newcomer = "new" + Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(newcomer);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("newcomer-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the user" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The user is created.", await page.Locator("p.done").TextContentAsync());
        Assert.NotNull(await browser.Accounts.FindAccountAsync(newcomer, Ct));

        // The page lists in name order; the newcomer may be on a later page, so the button is found by its name there.
        await page.GotoAsync("/admin/users?after=" + Uri.EscapeDataString(newcomer[..^1]));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {newcomer}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The account is changed.", await page.Locator("p.done").TextContentAsync());
        Assert.True((await browser.Accounts.FindAccountAsync(newcomer, Ct))!.IsDisabled);

        // An administrator cannot demote itself: refused in the API's words, and nothing changes.
        await page.GotoAsync("/admin/users?after=" + Uri.EscapeDataString(adam[..^1]));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove administrator: {adam}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("an administrator cannot demote or disable itself; another administrator can", await page.GetByRole(AriaRole.Alert).TextContentAsync());
        Assert.True((await browser.Accounts.FindAccountAsync(adam, Ct))!.IsAdmin);

        await page.GotoAsync("/admin/audit");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByLabel("Actor", new() { Exact = true }).FillAsync(adam);
        await page.GetByLabel("Action", new() { Exact = true }).FillAsync(AuditActions.AccountChanged);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var rows = await page.Locator("main tbody tr").AllTextContentsAsync();
        Assert.Single(rows);
        Assert.Contains(newcomer, rows[0], StringComparison.Ordinal);
        Assert.Contains("disabled", rows[0], StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // A row's target narrows the log to the events on it, the other filters kept.
        await page.GotoAsync("/admin/audit");
        await page.Locator("main tbody td a", new() { HasTextString = newcomer }).First.ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal(newcomer, await page.GetByLabel("Target", new() { Exact = true }).InputValueAsync());
        var onNewcomer = await page.Locator("main tbody tr td:nth-child(4)").AllTextContentsAsync();
        Assert.NotEmpty(onNewcomer);
        Assert.All(onNewcomer, target => Assert.Equal(newcomer, target));

        await page.GotoAsync("/admin/audit?from=not-a-time");
        Assert.Equal("from must be a time like 2025-01-31T12:00:00Z", await page.GetByRole(AriaRole.Alert).TextContentAsync());
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_changes_nothing()
    {
        var fay = await browser.NewUserAsync("fay");
        await using var context = await browser.NewContextAsync();
        await SignedInAsync(context, fay);
        var cookie = await SignInPage.SessionCookieAsync(context);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = browser.Server.BaseAddress };

        foreach (var (path, fields) in new[]
        {
            ("/account", new Dictionary<string, string> { ["_handler"] = "create-token", ["Create.Name"] = "forged", ["Create.Scope"] = "delete" }),
            ("/orgs", new Dictionary<string, string> { ["_handler"] = "create-org", ["Create.Name"] = "forged" + fay }),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Empty(await browser.Accounts.ListAccessTokensAsync(fay, Ct));
        Assert.Null(await browser.Accounts.FindAccountAsync("forged" + fay, Ct));
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, user, BrowserFixture.Password);
        return page;
    }

    /// <summary>What <c>/auth/token</c> (docker login's endpoint) answers <paramref name="user"/> with <paramref name="secret"/>.</summary>
    private async Task<HttpStatusCode> TokenEndpointStatusAsync(string user, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf");
        request.Headers.Authorization = BasicAuth.Header(user, secret);
        using var response = await browser.Server.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
