using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Ui;

/// <summary>Sessions across the nodes of a cluster: the key ring that seals session cookies is in the database (migration
/// 019), so a session begun on one node is signed in on another that shares only the database, not a disk.</summary>
[Collection(BrowserTests.Name)]
public sealed class SharedSessionTests(BrowserFixture browser, PostgresCluster postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_signed_in_on_one_node_is_signed_in_on_another_with_its_own_disk()
    {
        var connection = await postgres.CreateSchemaAsync(Ct);
        var shared = new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = connection };
        await using var first = await WharfServer.StartWithAuthAsync(BrowserFixture.Password, shared);
        await using var second = await WharfServer.StartWithAuthAsync(BrowserFixture.Password, shared);
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        Assert.Equal(AccountChange.Done, await first.Services.GetRequiredService<IAccountStore>().CreateUserAsync("nadia", BrowserFixture.Password, Ct));

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = first.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, "nadia", BrowserFixture.Password);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user");
        request.Headers.Add("Cookie", await SignInPage.SessionCookieAsync(context));
        using var answer = await second.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"nadia\"", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(first.DataDirectory, "data-protection-keys")));
    }
}
