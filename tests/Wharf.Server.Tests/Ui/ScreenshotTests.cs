using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wharf.Registry.Overview;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>The main pages as a person sees them, in the light and the dark theme, rendered to PNG: each page must render
/// to a picture of substance. With <c>WHARF_SCREENSHOTS=DIR</c> the pictures are kept there (how docs/screenshots/ is
/// made: <c>scripts/ui-screenshots.sh</c>); otherwise in a temporary directory removed afterwards.</summary>
[Collection(BrowserTests.Name)]
public sealed class ScreenshotTests(BrowserFixture browser, DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_main_pages_render_in_both_themes()
    {
        var keep = Environment.GetEnvironmentVariable("WHARF_SCREENSHOTS");
        var directory = keep is { Length: > 0 } ? Directory.CreateDirectory(keep).FullName : Directory.CreateTempSubdirectory("wharf-shots-").FullName;
        try
        {
            var team = await browser.NewUserAsync("team");
            var registry = browser.Server.HostPort;
            (await docker.DockerAsync(["login", "-u", team, "-p", BrowserFixture.Password, registry], Ct)).EnsureSuccess();
            foreach (var (tag, steps) in new[] { ("1.0", "RUN echo one > /one.txt"), ("1.1", "RUN echo one > /one.txt\nRUN head -c 200000 /dev/urandom > /data.bin") })
            {
                var image = $"{registry}/{team}/web:{tag}";
                var context = BusyboxImage.CreateContext(docker.NewDirectory("shot"),
                    $"FROM {DockerEngine.BaseImage}\nENV APP=web\n{steps}\nEXPOSE 8080\nCMD [\"sh\"]\n");
                (await docker.DockerAsync(["build", "--network", "none", "-t", image, context], Ct)).EnsureSuccess();
                (await docker.DockerAsync(["push", image], Ct)).EnsureSuccess();
            }

            await browser.PushAsync(team, $"{team}/api", "2.3.0");
            Assert.Equal(DescriptionChange.Done, await browser.Server.Services.GetRequiredService<RepositoryDescriptions>().SetAsync(
                Viewer.Everyone, $"{team}/web",
                "# web\n\nThe team's **web front end**: a static site served by busybox `httpd` on port 8080.\n\n"
                + "## Running it\n\n```\ndocker run -p 8080:8080 HOST/team/web:1.1\n```\n\n"
                + "Tags follow [semantic versioning](https://semver.org); `1.1` adds the data file.\n", Ct));
            var pages = new (string Name, string Path)[]
            {
                ("repositories", "/"),
                ("repository", $"/r/{team}/web"),
                ("image", $"/image/{team}/web:1.1"),
                ("compare", $"/compare?from={team}/web:1.0&to={team}/web:1.1"),
                ("storage", "/storage"),
                ("account", "/account"),
            };
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = browser.Server.BaseAddress.ToString(), ColorScheme = scheme, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                });
                var page = await context.NewPageAsync();
                await SignInPage.SignInAsync(page, team, BrowserFixture.Password);
                foreach (var (name, path) in pages)
                {
                    var answer = await page.GotoAsync(path);
                    Assert.Equal(200, answer!.Status);
                    var file = Path.Combine(directory, $"{name}{(scheme == ColorScheme.Dark ? "-dark" : "")}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                    Assert.True(new FileInfo(file).Length > 10_000, $"{file} is nearly empty");
                }
            }
        }
        finally
        {
            if (keep is not { Length: > 0 })
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
