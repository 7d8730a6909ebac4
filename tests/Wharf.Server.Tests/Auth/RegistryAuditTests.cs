using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>With auth on, the registry's pushes, pulls and deletes reach the audit log (written in the background), and
/// the first start creates the server administrator.</summary>
public sealed class RegistryAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pushes_pulls_and_deletes_are_audited_with_the_account_and_address()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        var image = await registry.PushAsync("alice", "alice/app");
        var alice = registry.Client(await registry.TokenAsync("alice", "repository:alice/app:pull,push,delete"));
        using (var pull = await alice.GetAsync("/v2/alice/app/manifests/1"))
        using (var head = await alice.HeadAsync("/v2/alice/app/manifests/1"))
        using (var delete = await alice.DeleteAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        var events = await WaitForAsync(registry.Accounts, e => e.Action == AuditActions.Delete);

        var registryEvents = events.Where(e => e.Action is AuditActions.Push or AuditActions.Pull or AuditActions.Delete).Reverse().ToList();
        Assert.Equal([AuditActions.Push, AuditActions.Pull, AuditActions.Delete], registryEvents.Select(e => e.Action));
        Assert.All(registryEvents, e => Assert.Equal(("alice", "alice/app", "127.0.0.1"), (e.Actor, e.Target, e.ClientAddress)));
        Assert.Equal($"1 {image.Manifest.Digest}", registryEvents[0].Detail);
        Assert.Equal(image.Manifest.Digest, registryEvents[2].Detail);
    }

    [Fact]
    public async Task Token_requests_with_credentials_are_audited_as_logins_folded_off_the_request_path()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);

        // docker sends its password for every token: each is a login, but not a row (and a write) each.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => registry.TokenAsync("alice", "repository:alice/app:pull")));
        var events = await WaitForAsync(registry.Accounts, e => e.Action == AuditActions.Login && e.Actor == "alice");

        var logins = events.Where(e => e.Action == AuditActions.Login && e.Actor == "alice").ToList();
        Assert.InRange(logins.Count, 1, 4);
        Assert.All(logins, e => Assert.Equal(("alice", "127.0.0.1"), (e.Target, e.ClientAddress)));
        Assert.All(logins, e => Assert.StartsWith("password", e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_start_creates_the_administrator_from_the_configured_password_and_no_second()
    {
        await using var registry = await GatedRegistry.StartAsync([]);
        var admin = await registry.Accounts.FindAccountAsync("admin", Ct);

        Assert.NotNull(admin);
        Assert.True(admin.IsAdmin);
        Assert.True(await registry.Accounts.VerifyPasswordAsync("admin", GatedRegistry.Password, Ct));
        var restarted = await WharfServer.StartWithAuthAsync("another-password", dataDirectory: registry.Server.DataDirectory);
        await using (restarted)
        {
            Assert.True(await restarted.Services.GetRequiredService<IAccountStore>().VerifyPasswordAsync("admin", GatedRegistry.Password, Ct));
        }
    }

    [Fact]
    public async Task Without_a_configured_password_one_is_generated_and_printed_once_but_never_logged()
    {
        var data = Directory.CreateTempSubdirectory("wharf-bootstrap-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["WHARF_Auth__Enabled"] = "true", ["WHARF_Logging__LogLevel__Default"] = "Information" };
            string printed;
            await using (var first = await WharfProcess.StartAsync(data, Ct, environment))
            {
                var log = first.Log;
                var line = log.Split('\n').SkipWhile(l => !l.Contains("with the password:", StringComparison.Ordinal)).Skip(1).First(l => l.Trim().Length > 0);
                printed = line.Trim();
                Assert.Equal(24, printed.Length);
                Assert.Equal(1, log.Split(printed).Length - 1); // printed once, in no log line besides
            }

            await using var second = await WharfProcess.StartAsync(data, Ct, environment);
            Assert.DoesNotContain("with the password:", second.Log, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf");
            request.Headers.Authorization = BasicAuth.Header("admin", printed);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<AuditEvent>> WaitForAsync(IAccountStore accounts, Func<AuditEvent, bool> arrived)
    {
        for (var attempt = 0; ; attempt++)
        {
            var events = await accounts.ListAuditAsync(new AuditQuery(Limit: 1000), Ct);
            if (events.Any(arrived) || attempt == 100)
            {
                return events;
            }

            await Task.Delay(50, Ct);
        }
    }
}
