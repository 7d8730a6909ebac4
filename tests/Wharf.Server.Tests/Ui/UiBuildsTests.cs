using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Triggers;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Server.Tests.Ui;

/// <summary>The builds and triggers pages, driven in the browser against a Wharf whose workers run the scripted
/// <see cref="ContextTarballBuilder"/> (<c>LOG</c>, <c>SLEEP</c>, <c>BLOCK</c> lines) and whose triggers read real git
/// repositories: a build's log, followed live; cancel and retry; a trigger's rules and "build now"; 404 for another
/// user; the pages without JavaScript; axe on every page.</summary>
[Collection(BrowserTests.Name)]
public sealed class UiBuildsTests(BrowserFixture browser, BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>
{
    private static readonly LocatorAssertionsToContainTextOptions Slowly = new() { Timeout = 60_000 };

    private BuildsServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_running_build_s_log_is_followed_live_and_its_end_announced()
    {
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        var repository = $"{alice.Name}/app";
        var id = await Server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG before-the-page\nSLEEP 4000\nLOG after-the-page")), $"repository={repository}");
        await WaitForLogAsync(alice, id, "before-the-page");
        await using var context = await NewContextAsync();
        var page = await SignedInPageAsync(context, alice);

        await page.GotoAsync($"/builds/{id}");

        Assert.Equal($"Build #{id} of {repository}", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await Expect(page.Locator("#build-log")).ToContainTextAsync("before-the-page");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        var url = page.Url;
        await Expect(page.Locator("#build-log")).ToContainTextAsync("after-the-page", Slowly);
        await Expect(page.Locator("#build-announce")).ToContainTextAsync("The build has ended: succeeded.", Slowly);
        Assert.Equal(url, page.Url); // no reload: the script appended the lines
        await Expect(page.Locator("#build-state")).ToHaveTextAsync("succeeded");
        var log = await page.Locator("#build-log").TextContentAsync();
        Assert.Equal(1, CountOf(log!, "\nbefore-the-page\n")); // the lines rendered are not appended again
        Assert.Equal(1, CountOf(log!, "\nafter-the-page\n"));
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = $"All builds of {repository}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal($"Builds of {repository}", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var row = page.Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync($"#{id}");
        await Expect(row).ToContainTextAsync("succeeded");
        await Expect(row).ToContainTextAsync("uploaded context");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync("/builds");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Layering_advice_the_build_printed_has_its_own_section()
    {
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        // The stand-in builder prints a step line before each LOG; a build arg's value, printed by ARG, carries the
        // lines as the real builder's LayeringAdvice prints them, one after another.
        var printed = string.Join('\n', "",
            "layer      pushed    unpacked  step",
            "    1     1.0 KiB     2.0 KiB  COPY . /app (line 2)",
            "total     1.0 KiB     2.0 KiB  1 layers",
            "Dockerfile:1 FromLatest: the base image is :latest (fix: pin a version)");
        var id = await Server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "ARG ADVICE")),
            $"repository={alice.Name}/app&buildArg={Uri.EscapeDataString("ADVICE=" + printed)}");
        await Server.WaitAsync(alice, id);
        await using var context = await NewContextAsync();
        var page = await SignedInPageAsync(context, alice);

        await page.GotoAsync($"/builds/{id}");

        var advice = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Layers and advice" }) });
        await Expect(advice.Locator("pre")).ToContainTextAsync("COPY . /app (line 2)");
        await Expect(advice.Locator("li")).ToHaveTextAsync("Dockerfile:1 FromLatest: the base image is :latest (fix: pin a version)");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Cancel_from_the_page_ends_a_running_build_and_retry_queues_a_new_one()
    {
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        var id = await Server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG waiting\nBLOCK")), $"repository={alice.Name}/app");
        await Server.Builder.Blocked.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        await using var context = await NewContextAsync();
        var page = await SignedInPageAsync(context, alice);
        await page.GotoAsync($"/builds/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel build" }).ClickAsync();

        // The cancel's redirect renders the page again: still running (the worker has not seen the cancel yet), it follows
        // the log and shows the end when it comes (the announcement is tested with a build that succeeds); already ended,
        // which a busy machine makes likely, it shows the state at once.
        await Expect(page.Locator("#build-state")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        Assert.Equal("cancelled", (await Server.WaitAsync(alice, id))["state"]!.GetValue<string>());
        await page.ReloadAsync();
        await Expect(page.Locator("#build-state")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#build-log")).ToContainTextAsync("cancelled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Retry build" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.EndsWith($"/builds/{id}", StringComparison.Ordinal));

        var retry = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(retry > id);
        Assert.Equal($"Build #{retry} of {alice.Name}/app", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var queued = await Server.GetAsync(alice, retry);
        Assert.Equal("retry", queued["reason"]!.GetValue<string>());
        await Expect(page.Locator("main dl")).ToContainTextAsync($"retry by {alice.Name}");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await Server.Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{retry}/cancel", alice, null);
    }

    [Fact]
    public async Task A_trigger_s_page_shows_its_rules_and_build_now_queues_a_build()
    {
        using var git = new TestGitRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG built from git"));
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        var repository = $"{alice.Name}/app";
        var (trigger, secret) = await CreateTriggerAsync(alice, repository, git);
        await using var context = await NewContextAsync();
        var page = await SignedInPageAsync(context, alice);

        await page.GotoAsync($"/triggers?repository={repository}");
        Assert.Equal($"Build triggers of {repository}", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("branch main → latest");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = $"#{trigger}" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        Assert.Equal($"Trigger #{trigger} of {repository}", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var rule = page.Locator("tbody tr").First;
        await Expect(rule).ToContainTextAsync("main");
        await Expect(rule).ToContainTextAsync("latest");
        await Expect(rule).ToContainTextAsync("Dockerfile");
        await Expect(page.Locator("main dl")).ToContainTextAsync($"/api/v1/triggers/{trigger}/webhook");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("Branch or tag").FillAsync("main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Build now" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var queued = page.Locator("[role=status] a");
        await Expect(queued).ToContainTextAsync("Build #");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await queued.ClickAsync();
        await page.WaitForLoadStateAsync();

        await Expect(page.Locator("#build-state")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#build-log")).ToContainTextAsync("built from git");
        await Expect(page.Locator("main dl")).ToContainTextAsync("refs/heads/main");
        await Expect(page.Locator("main dl")).ToContainTextAsync($"build now by {alice.Name}");

        await page.GotoAsync($"/triggers/{trigger}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable trigger" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await Expect(page.Locator("#trigger-state")).ToHaveTextAsync("disabled");
        Assert.False((await Server.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", alice, null))["enabled"]!.GetValue<bool>());
        await Expect(page.Locator("main")).ToContainTextAsync("Recent builds");
        await Expect(page.Locator("main ul").Last).ToContainTextAsync("refs/heads/main");
    }

    [Fact]
    public async Task Another_user_and_an_anonymous_visitor_get_404_for_builds_and_triggers()
    {
        using var git = new TestGitRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        var bob = await Server.Api.NewUserAsync("bob", withPassword: true);
        var repository = $"{alice.Name}/app";
        var id = await Server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG secret-step")), $"repository={repository}");
        var (trigger, _) = await CreateTriggerAsync(alice, repository, git);
        await using var bobs = await NewContextAsync();
        var page = await SignedInPageAsync(bobs, bob);

        foreach (var (path, heading) in new[]
                 {
                     ($"/builds/{id}", "Build not found"), ("/builds/987654321", "Build not found"), ("/builds/not-a-number", "Build not found"),
                     ($"/builds?repository={repository}", "Builds not found"), ($"/builds?repository={repository}&before=x", "Builds not found"),
                     ($"/triggers/{trigger}", "Trigger not found"), ("/triggers/987654321", "Trigger not found"),
                     ($"/triggers?repository={repository}", "Triggers not found"),
                 })
        {
            var answer = await page.GotoAsync(path);
            Assert.True(answer!.Status is 404 or 400, $"{path}: {answer.Status}");
            if (heading is not null)
            {
                Assert.Equal(404, answer.Status);
                Assert.Equal(heading, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
                Assert.DoesNotContain("secret-step", await page.ContentAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(404, (await page.GotoAsync($"/builds/{id}/log"))!.Status);
        await page.GotoAsync($"/builds/{id}");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await using var anonymous = await NewContextAsync();
        page = await anonymous.NewPageAsync();
        Assert.Equal(404, (await page.GotoAsync($"/builds/{id}"))!.Status);
        await Expect(page.Locator("main p")).ToContainTextAsync("Signing in may show it.");
        Assert.Equal(404, (await page.GotoAsync($"/triggers/{trigger}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"/builds/{id}/log"))!.Status);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Builds" }).CountAsync());
    }

    [Fact]
    public async Task The_build_pages_render_without_javascript()
    {
        using var git = new TestGitRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var alice = await Server.Api.NewUserAsync("alice", withPassword: true);
        var repository = $"{alice.Name}/app";
        var id = await Server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG no-script-needed")), $"repository={repository}");
        await Server.WaitAsync(alice, id);
        var (trigger, _) = await CreateTriggerAsync(alice, repository, git);
        await using var context = await NewContextAsync(javaScript: false);
        var page = await SignedInPageAsync(context, alice);

        await page.GetByRole(AriaRole.Link, new() { Name = "Builds", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await page.GetByLabel("Repository").FillAsync(repository);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show its builds" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal($"Builds of {repository}", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = $"#{id}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await Expect(page.Locator("#build-log")).ToContainTextAsync("no-script-needed");
        await Expect(page.Locator("#build-state")).ToHaveTextAsync("succeeded");

        await page.GotoAsync(UiTriggersPath(repository));
        await page.GetByRole(AriaRole.Link, new() { Name = $"#{trigger}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await page.GetByLabel("Branch or tag").FillAsync("main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Build now" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("queued for refs/heads/main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable trigger" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await Expect(page.Locator("#trigger-state")).ToHaveTextAsync("disabled");
    }

    private static string UiTriggersPath(string repository) => $"/triggers?repository={Uri.EscapeDataString(repository)}";

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private Task<IBrowserContext> NewContextAsync(bool javaScript = true) =>
        browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Api.Server.BaseAddress.ToString(), JavaScriptEnabled = javaScript });

    private static async Task<IPage> SignedInPageAsync(IBrowserContext context, ApiLogin who)
    {
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, who.Name, AccountsApiServer.PasswordOf(who.Name));
        return page;
    }

    private async Task<(long Id, string Secret)> CreateTriggerAsync(ApiLogin who, string repository, TestGitRepository git)
    {
        var body = $$"""{"repository":"{{repository}}","gitUrl":"{{git.Url}}","rules":[{"kind":"branch","source":"main","tag":"latest"}]}""";
        var created = await Server.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", who, body, System.Net.HttpStatusCode.Created);
        return (created["trigger"]!["id"]!.GetValue<long>(), created["webhookSecret"]!.GetValue<string>());
    }

    private async Task WaitForLogAsync(ApiLogin who, long id, string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!(await Server.LogAsync(who, id)).Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
