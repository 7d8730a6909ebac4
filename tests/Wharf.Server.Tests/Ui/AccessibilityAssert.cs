using System.Runtime.CompilerServices;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Wharf.Server.Tests.Ui;

/// <summary>axe-core over the page as it is now: no serious or critical violation (WCAG 2 A and AA, best practices).</summary>
internal static class AccessibilityAssert
{
    /// <summary>Contexts made with JavaScript off (<see cref="BrowserFixture.NewContextAsync"/>): axe is a script, and
    /// asking such a page to run it waits for ever.</summary>
    private static readonly ConditionalWeakTable<IBrowserContext, object> ScriptLess = [];

    public static void MarkScriptLess(IBrowserContext context) => ScriptLess.AddOrUpdate(context, context);

    public static async Task NoSeriousViolationsAsync(IPage page)
    {
        if (!ScriptLess.TryGetValue(page.Context, out _))
        {
            await AssertAsync(page, page.Url);
            return;
        }

        // The same document, written into a page that runs scripts: opened at the same address first, so its styles,
        // links and content security policy are those of the page under test.
        var html = await page.ContentAsync();
        await using var scripted = await page.Context.Browser!.NewContextAsync(new() { JavaScriptEnabled = true });
        var copy = await scripted.NewPageAsync();
        await copy.GotoAsync(page.Url);
        await copy.SetContentAsync(html);
        await AssertAsync(copy, page.Url);
    }

    private static async Task AssertAsync(IPage page, string url)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{url}: " + string.Join("; ", serious.Select(v =>
            $"{v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
