using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Wharf.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Wharf.Server.Tests.Ui;

/// <summary>The image page and the compare page on images real docker built and pushed: the layers with the commands
/// docker recorded and their sizes, the config, the pull command that pulls it; two tags compared with the figures
/// <c>wharf diff</c> gives.</summary>
[Collection(BrowserTests.Name)]
public sealed class ImagePagesTests(BrowserFixture browser, DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The address the browser uses too, so the page's pull command names the host docker logged in to
    /// (docker treats 127.0.0.0/8 registries as plain HTTP).</summary>
    private string Registry => browser.Server.HostPort;

    [Fact]
    public async Task The_image_page_shows_the_layers_with_the_commands_docker_recorded_and_the_pull_command_pulls_it()
    {
        var user = await browser.NewUserAsync("ivy");
        var repository = $"{user}/app";
        await BuildAndPushAsync(repository, "1", "ENV MODE=prod\nRUN echo made > /made.txt\nEXPOSE 8080\nCMD [\"sh\"]");

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, user, BrowserFixture.Password);
        await page.GotoAsync($"/r/{repository}");
        await page.GetByRole(AriaRole.Link, new() { Name = "1", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();

        Assert.Equal($"{repository}:1", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var steps = await page.Locator("table.layers code.step").AllTextContentsAsync();
        Assert.Equal("RUN echo made > /made.txt", steps[^1]);
        Assert.Equal(steps.Count, (await DockerHistoryAsync(repository)).Count(l => l != "0B"));
        var dockerfile = await page.Locator("pre.dockerfile").TextContentAsync();
        Assert.Contains("RUN /bin/busybox --install -s /bin", dockerfile, StringComparison.Ordinal); // the base's exec-form RUN
        Assert.True(dockerfile!.EndsWith("ENV MODE=prod\nRUN echo made > /made.txt\nEXPOSE 8080\nCMD [\"sh\"]", StringComparison.Ordinal), dockerfile);
        Assert.Contains("MODE=prod", await page.Locator("dl.config").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("8080/tcp", await page.Locator("dl.config").TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // Uncompressed sizes are measured seconds after the push.
        var uncompressed = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await page.ReloadAsync();
            uncompressed = await page.Locator("table.layers tbody tr").First.Locator("td").Nth(3).TextContentAsync() ?? "";
            if (!uncompressed.Contains("not measured", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Matches(@"^[0-9.]+ (KiB|MiB)$", uncompressed);

        // The docker command the copy button puts on the clipboard pulls the image.
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var copy = page.GetByRole(AriaRole.Button, new() { Name = "Copy the docker command" });
        await copy.ClickAsync();
        await Expect(copy).ToHaveTextAsync("Copied");
        var pull = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await page.Locator("dl.pull-commands dd code").First.TextContentAsync(), pull);
        Assert.Equal($"docker pull {browser.Server.HostPort}/{repository}:1", pull);
        (await docker.DockerAsync(["rmi", $"{Registry}/{repository}:1"], Ct)).EnsureSuccess();
        (await docker.DockerAsync(pull!.Split(' ')[1..], Ct)).EnsureSuccess();
    }

    [Fact]
    public async Task Comparing_two_tags_shows_the_bytes_wharf_diff_counts_and_which_layers_are_new()
    {
        var user = await browser.NewUserAsync("cal");
        var repository = $"{user}/svc";
        await BuildAndPushAsync(repository, "1", "RUN echo one > /one.txt");
        await BuildAndPushAsync(repository, "2", "RUN echo one > /one.txt\nRUN head -c 300000 /dev/urandom > /blob");

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, user, BrowserFixture.Password);
        await page.GotoAsync($"/image/{repository}:1");
        await page.GetByLabel("Compare with").FillAsync($"{repository}:2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        var diff = JsonNode.Parse((await WharfCli.RunAsync(
            ["diff", "--json", $"{Registry}/{repository}:1", $"{Registry}/{repository}:2"], docker.Environment, ct: Ct)).EnsureSuccess().StandardOutput)!;
        var verdict = await page.Locator("p.verdict").InnerTextAsync();
        Assert.Contains($"downloads {Size(diff["downloadBytes"]!)} of {Size(diff["totalBytes"]!)}", verdict, StringComparison.Ordinal);
        var meter = page.Locator("meter.download");
        Assert.Equal(diff["downloadBytes"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), await meter.GetAttributeAsync("value"));
        Assert.Equal(diff["totalBytes"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), await meter.GetAttributeAsync("max"));
        var rows = page.Locator("section[aria-labelledby=to-layers] tbody tr");
        Assert.Equal(diff["layers"]!.AsArray().Count, await rows.CountAsync());
        Assert.Equal("new", await rows.Last.Locator("td").Last.TextContentAsync());
        Assert.Equal("shared", await rows.First.Locator("td").Last.TextContentAsync());
        Assert.Contains("RUN head -c 300000 /dev/urandom > /blob", await rows.Last.TextContentAsync(), StringComparison.Ordinal);
        await AccessibilityAssert.NoSeriousViolationsAsync(page);

        // A reference that is not one is refused on the page, with its reason.
        var bad = await page.GotoAsync($"/compare?from={repository}&to={repository}:2");
        Assert.Equal(400, bad!.Status);
        Assert.Contains("NAME:TAG or NAME@DIGEST", await page.Locator("p.error").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Images_of_a_private_repository_are_not_found_by_others_and_the_pages_render_without_javascript()
    {
        var owner = await browser.NewUserAsync("pia");
        var other = await browser.NewUserAsync("oz");
        var repository = $"{owner}/secret";
        await browser.PushAsync(owner, repository, "1");
        await browser.PushAsync(owner, repository, "2");

        await using var anonymous = await browser.NewContextAsync(javaScript: false);
        var page = await anonymous.NewPageAsync();
        Assert.Equal(404, (await page.GotoAsync($"/image/{repository}:1"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"/compare?from={repository}:1&to={repository}:2"))!.Status);
        await SignInPage.SignInAsync(page, other, BrowserFixture.Password);
        Assert.Equal(404, (await page.GotoAsync($"/image/{repository}:1"))!.Status);
        Assert.Equal("Image not found", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());

        await using var owned = await browser.NewContextAsync(javaScript: false);
        page = await owned.NewPageAsync();
        await SignInPage.SignInAsync(page, owner, BrowserFixture.Password);
        Assert.Equal(200, (await page.GotoAsync($"/image/{repository}:1"))!.Status);
        Assert.Equal($"{repository}:1", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal(200, (await page.GotoAsync($"/compare?from={repository}:1&to={repository}:2"))!.Status);
        Assert.Contains("downloads", await page.Locator("p.verdict").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await page.GotoAsync($"/image/{repository}:nope"))!.Status);
    }

    /// <summary>Builds <c>FROM</c> the engine's busybox image with <paramref name="steps"/> and pushes it as the
    /// repository's owner (the name's first part).</summary>
    private async Task BuildAndPushAsync(string repository, string tag, string steps)
    {
        var image = $"{Registry}/{repository}:{tag}";
        var context = BusyboxImage.CreateContext(docker.NewDirectory("ui"), $"FROM {DockerEngine.BaseImage}\n{steps}\n");
        (await docker.DockerAsync(["build", "--network", "none", "-t", image, context], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["login", "-u", repository.Split('/')[0], "-p", BrowserFixture.Password, Registry], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["push", image], Ct)).EnsureSuccess();
    }

    /// <summary>docker's own view of the image's history: each step's size, "0B" for a step that made no layer.</summary>
    private async Task<IReadOnlyList<string>> DockerHistoryAsync(string repository) =>
        (await docker.DockerAsync(["history", "--format", "{{.Size}}", $"{Registry}/{repository}:1"], Ct)).EnsureSuccess()
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Size(JsonNode bytes) => Wharf.Oci.Bytes.Format(bytes.GetValue<long>());
}
