using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>One headless Debian chromium, driven by Playwright, and one Wharf with accounts for the UI tests of the
/// <see cref="BrowserTests"/>. The browser is the system's (<c>scripts/install-test-tools.sh</c> installs it);
/// Playwright never downloads one. A missing chromium fails the tests, never skips them.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The machine's network is closed: Chromium's background connections (updates, sync, QUIC probes) would
    /// only be refused, slowly. A root user needs --no-sandbox.</summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private GatedRegistry? _registry;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("fixture not initialised");

    public WharfServer Server => Registry.Server;

    public IAccountStore Accounts => Server.Services.GetRequiredService<IAccountStore>();

    /// <summary>Every user the tests create has this password.</summary>
    public static string Password => GatedRegistry.Password;

    internal GatedRegistry Registry => _registry ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = ExternalTool.Require("chromium");
        // Pull statistics are flushed often, so a page shows a pull within a test's patience.
        _registry = await GatedRegistry.StartAsync([], new Dictionary<string, string?> { ["Registry:PullStatisticsFlushInterval"] = "00:00:00.200" });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (its own cookies) at the server's address.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString(), JavaScriptEnabled = javaScript });
        if (!javaScript)
        {
            AccessibilityAssert.MarkScriptLess(context);
        }

        return context;
    }

    /// <summary>A new user with <see cref="Password"/>; its name starts with <paramref name="prefix"/>.</summary>
    public async Task<string> NewUserAsync(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(AccountChange.Done, await Accounts.CreateUserAsync(name, Password, TestContext.Current.CancellationToken));
        return name;
    }

    /// <summary>Pushes a small image to <paramref name="repository"/> as <paramref name="user"/>.</summary>
    public Task PushAsync(string user, string repository, string tag = "1") => Registry.PushAsync(user, repository, tag);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
