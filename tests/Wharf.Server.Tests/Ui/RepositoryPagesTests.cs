using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wharf.Registry.Overview;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>The home page's search and the repository page: the description rendered from Markdown, the tag table, bulk
/// delete with its confirmation, and the admin sections (visibility, permissions) with the rules of the API.</summary>
[Collection(BrowserTests.Name)]
public sealed class RepositoryPagesTests(BrowserFixture browser, DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Registry => browser.Server.HostPort;

    [Fact]
    public async Task Search_finds_a_repository_by_a_word_of_its_description_and_by_name_and_pulls_order_the_list()
    {
        var user = await browser.NewUserAsync("sam");
        await browser.PushAsync(user, $"{user}/alpha", "1");
        await browser.PushAsync(user, $"{user}/beta", "1");
        await DescribeAsync($"{user}/beta", $"# Beta\n\nThe {user}zebracorn service.\n\nMore.");
        await PullAsync(user, $"{user}/beta", "1", times: 2);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, user, BrowserFixture.Password);

        await page.GetByLabel("Search", new() { Exact = true }).FillAsync($"{user}zebracorn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal([$"{user}/beta"], await NamesAsync(page));
        Assert.Equal($"The {user}zebracorn service.", await page.Locator("td.summary").First.TextContentAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("Search", new() { Exact = true }).FillAsync($"{user}/alp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal([$"{user}/alpha"], await NamesAsync(page));

        // By name first; by pulls, once the statistics are flushed, the pulled one first.
        await page.GotoAsync($"/?ns={user}");
        Assert.Equal([$"{user}/alpha", $"{user}/beta"], await NamesAsync(page));
        await page.GetByLabel("Sort by", new() { Exact = true }).SelectOptionAsync("pulls");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains("sort=pulls", page.Url, StringComparison.Ordinal);
        for (var attempt = 0; attempt < 50 && (await page.Locator("td.pulls").First.TextContentAsync()) != "2"; attempt++)
        {
            await Task.Delay(200, Ct);
            await page.ReloadAsync();
        }

        Assert.Equal([$"{user}/beta", $"{user}/alpha"], await NamesAsync(page));
        Assert.Equal("2", await page.Locator("td.pulls").First.TextContentAsync());
    }

    [Fact]
    public async Task A_repository_pushed_by_docker_is_found_and_opened_and_a_tag_deleted_in_bulk_no_longer_pulls()
    {
        var user = await browser.NewUserAsync("dora");
        var repository = $"{user}/web";
        var context1 = BusyboxImage.CreateContext(docker.NewDirectory("ui"), $"FROM {DockerEngine.BaseImage}\nRUN echo web > /web.txt\n");
        (await docker.DockerAsync(["build", "--network", "none", "-t", $"{Registry}/{repository}:1", context1], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["tag", $"{Registry}/{repository}:1", $"{Registry}/{repository}:2"], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["login", "-u", user, "-p", BrowserFixture.Password, Registry], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["push", "--all-tags", $"{Registry}/{repository}"], Ct)).EnsureSuccess();

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, user, BrowserFixture.Password);
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(repository);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = repository, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal(repository, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        await page.GotoAsync($"/r/{repository}?sort=name");
        Assert.Equal(["1", "2"], await page.Locator("tbody td.tag").AllTextContentsAsync());
        Assert.Matches(@"^[0-9.]+ (B|KiB|MiB)$", await page.Locator("table.tags tbody tr").First.Locator("td").Nth(4).TextContentAsync() ?? "");
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("Select 1", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Delete these 1 tag?", await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First.TextContentAsync());
        Assert.Equal([$"{repository}:1"], await page.Locator("ul.confirm-tags code").AllTextContentsAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete 1 tag" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Deleted 1 tag.", await page.Locator("p.done").TextContentAsync());
        Assert.Equal(["2"], await page.Locator("tbody td.tag").AllTextContentsAsync());

        (await docker.DockerAsync(["rmi", $"{Registry}/{repository}:1", $"{Registry}/{repository}:2"], Ct)).EnsureSuccess();
        Assert.NotEqual(0, (await docker.DockerAsync(["pull", $"{Registry}/{repository}:1"], Ct)).ExitCode);
        (await docker.DockerAsync(["pull", $"{Registry}/{repository}:2"], Ct)).EnsureSuccess();
    }

    [Fact]
    public async Task The_description_is_rendered_from_markdown_and_a_script_in_it_is_not()
    {
        var owner = await browser.NewUserAsync("mona");
        var repository = $"{owner}/docs";
        await browser.PushAsync(owner, repository, "1");

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await SignInPage.SignInAsync(page, owner, BrowserFixture.Password);
        await page.GotoAsync($"/r/{repository}");
        await page.GetByText("Edit the description").ClickAsync();
        await page.GetByLabel("Description (Markdown").FillAsync(
            "# Docs site\n\nServes **the manual**, see [the site](https://example.com/manual).\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the description" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        Assert.Equal("The description is saved.", await page.Locator("p.done").TextContentAsync());
        var markdown = page.Locator("div.markdown");
        Assert.Equal("Docs site", await markdown.Locator("h3").TextContentAsync());
        Assert.Equal("the manual", await markdown.Locator("strong").TextContentAsync());
        var link = markdown.GetByRole(AriaRole.Link, new() { Name = "the site" });
        Assert.Equal("https://example.com/manual", await link.GetAttributeAsync("href"));
        Assert.Equal("nofollow noopener", await link.GetAttributeAsync("rel"));
        Assert.Equal("#", await markdown.GetByRole(AriaRole.Link, new() { Name = "click" }).GetAttributeAsync("href"));
        Assert.Equal(0, await markdown.Locator("script").CountAsync());
        Assert.Contains("<script>alert(1)</script>", await markdown.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await markdown.Locator("table").CountAsync());
        var html = await page.ContentAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, dialogs);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // The home page shows its first paragraph as plain text.
        await page.GotoAsync($"/?q={repository}");
        Assert.Equal("Serves the manual, see the site.", await page.Locator("td.summary").First.TextContentAsync());
    }

    [Fact]
    public async Task A_non_admin_sees_no_admin_forms_and_their_forged_posts_change_nothing()
    {
        var owner = await browser.NewUserAsync("olga");
        var other = await browser.NewUserAsync("pete");
        var repository = $"{owner}/shared";
        await browser.PushAsync(owner, repository, "1");
        await browser.Accounts.SetPublicAsync(repository, true, Ct);
        await DescribeAsync(repository, "Kept as it is.");

        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, other, BrowserFixture.Password);
        Assert.Equal(200, (await page.GotoAsync($"/r/{repository}"))!.Status);
        Assert.Equal("1", await page.Locator("tbody td.tag").First.TextContentAsync());
        Assert.Equal(0, await page.Locator("input[type=checkbox]").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).CountAsync());
        Assert.Equal(0, await page.GetByText("Edit the description").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "Visibility" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "Permissions" }).CountAsync());
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // A valid antiforgery token of this user's session (the header's sign-out form) on the page's posts. Deleting
        // is refused by its rule (the delete forms are on every repository page); the admin forms are not on this
        // user's page at all, so the framework refuses to dispatch to them.
        var token = await page.Locator("header input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        async Task<int> PostAsync(params (string Key, string Value)[] fields)
        {
            var form = context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token!);
            foreach (var (key, value) in fields)
            {
                form.Append(key, value);
            }

            var response = await context.APIRequest.PostAsync($"/r/{repository}", new() { Form = form, MaxRedirects = 0 });
            return response.Status;
        }

        Assert.Equal(403, await PostAsync(("_handler", "delete"), ("tag", "1")));
        Assert.Equal(403, await PostAsync(("_handler", "delete-ask"), ("tag", "1")));
        Assert.Equal(400, await PostAsync(("_handler", "visibility"), ("VisibilityInput.Public", "false")));
        Assert.Equal(400, await PostAsync(("_handler", "description"), ("DescriptionInput.Text", "Defaced.")));
        Assert.Equal(400, await PostAsync(("_handler", "grant"), ("GrantInput.Grantee", other), ("GrantInput.Access", "admin")));

        var tags = await browser.Server.Services.GetRequiredService<TagCatalog>().ListAsync(Viewer.Everyone, repository, new TagQuery(), Ct);
        Assert.Equal(["1"], tags!.Items.Select(t => t.Name));
        Assert.True(await browser.Accounts.IsPublicAsync(repository, Ct));
        var (_, description) = await browser.Server.Services.GetRequiredService<RepositoryDescriptions>().FindAsync(Viewer.Everyone, repository, Ct);
        Assert.Equal("Kept as it is.", description!.Text);
        Assert.Empty(await browser.Accounts.ListGrantsAsync(repository, Ct));
    }

    [Fact]
    public async Task An_admin_makes_a_repository_public_for_anonymous_visitors_and_grants_access_without_javascript()
    {
        var owner = await browser.NewUserAsync("pat");
        var friend = await browser.NewUserAsync("fay");
        var repository = $"{owner}/open";
        await browser.PushAsync(owner, repository, "1");

        await using var anonymous = await browser.NewContextAsync(javaScript: false);
        var visitor = await anonymous.NewPageAsync();
        Assert.Equal(404, (await visitor.GotoAsync($"/r/{repository}"))!.Status);

        await using var context = await browser.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, owner, BrowserFixture.Password);
        await page.GotoAsync($"/r/{repository}");
        Assert.StartsWith("Private", await page.Locator("#visibility-state").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Make public" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The visibility is changed.", await page.Locator("p.done").TextContentAsync());
        Assert.StartsWith("Public", await page.Locator("#visibility-state").TextContentAsync(), StringComparison.Ordinal);

        Assert.Equal(200, (await visitor.GotoAsync($"/r/{repository}"))!.Status);
        Assert.Equal(0, await visitor.GetByRole(AriaRole.Heading, new() { Name = "Visibility" }).CountAsync());
        await visitor.GotoAsync($"/?q={repository}");
        Assert.Equal([repository], await NamesAsync(visitor));
        await AccessibilityAssert.NoSeriousViolationsAsync(visitor);

        // Permissions: a grant, listed, then revoked; a grant to nobody is refused with the API's words.
        await page.GetByLabel("Account or team").FillAsync(friend);
        await page.GetByLabel("Access", new() { Exact = true }).SelectOptionAsync("write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The grant is saved.", await page.Locator("p.done").TextContentAsync());
        Assert.Contains(friend, await page.Locator("table.grants").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("write", await page.Locator("table.grants").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke the grant of {friend}" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("The grant is revoked.", await page.Locator("p.done").TextContentAsync());
        Assert.Equal(0, await page.Locator("table.grants").CountAsync());

        await page.GetByLabel("Account or team").FillAsync("nobody-" + Guid.NewGuid().ToString("N")[..6]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains("no such account", await page.Locator("p.error").TextContentAsync(), StringComparison.Ordinal);
    }

    private async Task DescribeAsync(string repository, string text) =>
        Assert.Equal(DescriptionChange.Done, await browser.Server.Services.GetRequiredService<RepositoryDescriptions>().SetAsync(Viewer.Everyone, repository, text, Ct));

    private async Task PullAsync(string user, string repository, string tag, int times)
    {
        var token = await browser.Registry.TokenAsync(user, $"repository:{repository}:pull");
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{tag}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            using var response = await browser.Server.Client.SendAsync(request, Ct);
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(IPage page) =>
        await page.Locator("table.repositories tbody td:first-child a").AllTextContentsAsync();
}
