using Microsoft.Playwright;

namespace Wharf.Server.Tests.Ui;

/// <summary>What a person does on <c>/sign-in</c>, and what a session is outside the browser.</summary>
internal static class SignInPage
{
    /// <summary>Fills and submits the form of the sign-in page <paramref name="page"/> is on.</summary>
    public static async Task SubmitAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    /// <summary>Opens the sign-in page and signs in.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/sign-in");
        await SubmitAsync(page, user, password);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
    }

    /// <summary>The <c>Cookie</c> header value of the context's session, as a thief would replay it.</summary>
    public static async Task<string> SessionCookieAsync(IBrowserContext context)
    {
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "wharf_session");
        return $"{cookie.Name}={cookie.Value}";
    }
}
