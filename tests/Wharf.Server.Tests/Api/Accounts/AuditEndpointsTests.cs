using System.Net;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/audit</c>: every change through the API is in the log with its actor and client address,
/// filterable by actor, action and time, and no secret ever reaches the log or a later answer.</summary>
public sealed class AuditEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_are_audited_and_the_log_filters_by_actor_action_and_time()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var (root, alice) = (await api.NewUserAsync("root", admin: true), await api.NewUserAsync("alice"));
        var carol = AccountsApiServer.NewName("carol");
        var org = AccountsApiServer.NewName("acme");
        // Whole milliseconds, as the log stores times.
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await api.JsonAsync(HttpMethod.Post, "/api/v1/users", root, $$"""{"name":"{{carol}}"}""", HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/orgs", alice, $$"""{"name":"{{org}}"}""", HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/orgs/{org}/teams", alice, """{"name":"devs","role":"member"}""", HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/user/tokens", alice, """{"name":"ci","scope":"read"}""", HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Put, "/api/v1/visibility", alice, $$"""{"repository":"{{alice.Name}}/app","public":true}""");
        await api.ExpectAsync(HttpMethod.Put, "/api/v1/permissions", alice, HttpStatusCode.NoContent, $$"""{"repository":"{{alice.Name}}/app","account":"{{carol}}","access":"read"}""");

        var bySomeone = await api.JsonAsync(HttpMethod.Get, $"/api/v1/audit?actor={alice.Name}&limit=1000", root, null);
        var created = await api.JsonAsync(HttpMethod.Get, $"/api/v1/audit?action={AuditActions.AccountCreated}", root, null);
        var newest = await api.JsonAsync(HttpMethod.Get, "/api/v1/audit?limit=1", root, null);
        var older = await api.JsonAsync(HttpMethod.Get, $"/api/v1/audit?limit=1&before={newest[0]!["id"]!.GetValue<long>()}", root, null);
        var future = await api.JsonAsync(HttpMethod.Get, $"/api/v1/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}", root, null);
        var window = await api.JsonAsync(HttpMethod.Get, $"/api/v1/audit?action={AuditActions.AccountCreated}&from={Uri.EscapeDataString(start.ToString("O"))}", root, null);

        var changes = bySomeone.AsArray().Where(e => e!["action"]!.GetValue<string>() != AuditActions.Login).ToList();
        Assert.Equal(
            [AuditActions.PermissionChanged, AuditActions.VisibilityChanged, AuditActions.TokenCreated, AuditActions.TeamChanged, AuditActions.AccountCreated],
            changes.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(bySomeone.AsArray(), e => Assert.Equal(alice.Name, e!["actor"]!.GetValue<string>()));
        Assert.All(changes, e => Assert.Equal("127.0.0.1", e!["clientAddress"]!.GetValue<string>()));
        Assert.Equal($"{alice.Name}/app", changes[0]!["target"]!.GetValue<string>());
        Assert.Equal($"{carol}: read", changes[0]!["detail"]!.GetValue<string>());
        Assert.Equal($"{org}/devs", changes[3]!["target"]!.GetValue<string>());
        Assert.All(created.AsArray(), e => Assert.Equal(AuditActions.AccountCreated, e!["action"]!.GetValue<string>()));
        var carolCreated = created.AsArray().Single(e => e!["target"]!.GetValue<string>() == carol)!;
        Assert.Equal(root.Name, carolCreated["actor"]!.GetValue<string>());
        Assert.True(carolCreated["at"]!.GetValue<DateTimeOffset>() >= start);
        Assert.Single(newest.AsArray());
        Assert.True(older[0]!["id"]!.GetValue<long>() < newest[0]!["id"]!.GetValue<long>());
        Assert.Empty(future.AsArray());
        Assert.Equal([org, carol], window.AsArray().Select(e => e!["target"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("before=-1")]
    [InlineData("from=yesterday")]
    [InlineData("to=2025-13-40")]
    public async Task Bad_audit_queries_are_400(string query)
    {
        await using var api = await AccountsApiServer.StartAsync();
        var root = await api.NewUserAsync("root", admin: true);

        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/audit?{query}", root, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task No_secret_appears_in_the_audit_log_or_in_any_answer_but_the_one_that_created_it()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var root = await api.NewUserAsync("root", admin: true);
        var alicePassword = "alice-secret-password";
        var alice = AccountsApiServer.NewName("alice");
        var answers = new List<string>();
        var created = await api.JsonAsync(HttpMethod.Post, "/api/v1/users", root, $$"""{"name":"{{alice}}","password":"{{alicePassword}}"}""", HttpStatusCode.Created);
        answers.Add(created.ToJsonString());
        var login = new ApiLogin(alice, alicePassword);
        var token = (await api.JsonAsync(HttpMethod.Post, "/api/v1/user/tokens", login, """{"name":"ci","scope":"delete"}""", HttpStatusCode.Created))["token"]!.GetValue<string>();
        var viaToken = new ApiLogin(alice, token);
        var org = (await api.JsonAsync(HttpMethod.Post, "/api/v1/orgs", viaToken, $$"""{"name":"{{AccountsApiServer.NewName("acme")}}"}""", HttpStatusCode.Created))["name"]!.GetValue<string>();
        var robotSecret = (await api.JsonAsync(HttpMethod.Post, $"/api/v1/orgs/{org}/robots", viaToken, """{"name":"ci"}""", HttpStatusCode.Created))["secret"]!.GetValue<string>();
        await api.ExpectAsync(HttpMethod.Put, "/api/v1/user/password", login, HttpStatusCode.NoContent, $$"""{"currentPassword":"{{alicePassword}}","newPassword":"alice-newer-password"}""");
        await api.JsonAsync(HttpMethod.Patch, $"/api/v1/users/{alice}", root, """{"password":"alice-admin-set-password"}""");
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/user", new ApiLogin(alice, "a-wrong-password-guess"), HttpStatusCode.Unauthorized);
        string[] secrets = [alicePassword, token, robotSecret, "alice-newer-password", "alice-admin-set-password", "a-wrong-password-guess"];

        foreach (var (path, who) in new[]
        {
            ("/api/v1/audit?limit=1000", root), ($"/api/v1/users/{alice}", root), ("/api/v1/users?limit=1000", root),
            ($"/api/v1/orgs/{org}/robots", viaToken), ($"/api/v1/orgs/{org}/teams", viaToken), ("/api/v1/user", viaToken), ("/api/v1/user/tokens", viaToken),
        })
        {
            answers.Add((await api.JsonAsync(HttpMethod.Get, path, who, null)).ToJsonString());
        }

        var audit = await api.Store.ListAuditAsync(new AuditQuery(Limit: 1000), Ct);
        Assert.Contains(audit, e => e.Action == AuditActions.LoginFailed && e.Target == alice);
        Assert.Contains(audit, e => e.Action == AuditActions.AccountChanged && e.Target == alice);
        var everything = string.Join("\n", answers) + string.Join("\n", audit.Select(e => $"{e.Actor} {e.Action} {e.Target} {e.Detail} {e.ClientAddress}"));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("wharf_", $"{e.Detail} {e.Target}", StringComparison.Ordinal));
    }
}
