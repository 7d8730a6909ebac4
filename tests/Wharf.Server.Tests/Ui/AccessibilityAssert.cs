using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Wharf.Server.Tests.Ui;

/// <summary>axe-core over the page as it is now: no serious or critical violation (WCAG 2 A and AA, best practices).</summary>
internal static class AccessibilityAssert
{
    public static async Task NoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ", serious.Select(v =>
            $"{v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
