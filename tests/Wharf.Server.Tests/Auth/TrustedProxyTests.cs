using System.Net;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>Behind a load balancer every request arrives from the balancer's address. <c>Proxy:TrustedNetworks</c> lets
/// Wharf take the client's address from the balancer's <c>X-Forwarded-For</c>, so the login throttle pauses the address
/// that guessed, not every client behind the balancer, and the audit log names the client; from any other peer the
/// header is ignored, so a client cannot choose its own address.</summary>
public sealed class TrustedProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_trusted_proxy_failures_pause_the_forwarded_address_not_every_client_and_are_audited_with_it()
    {
        // The test's requests come from 127.0.0.1: here that is the balancer.
        await using var registry = await StartAsync(trusted: "127.0.0.1");

        await FailTwiceAsync(registry, from: "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, await LoginAsync(registry, "bob", GatedRegistry.Password, from: "203.0.113.8"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(registry, "bob", GatedRegistry.Password, from: "203.0.113.7"));
        var failures = await registry.Accounts.ListAuditAsync(new AuditQuery(Action: AuditActions.LoginFailed), Ct);
        Assert.Equal(["203.0.113.7", "203.0.113.7"], failures.Select(e => e.ClientAddress));
    }

    [Fact]
    public async Task A_client_cannot_choose_its_address_past_the_proxy_or_without_one()
    {
        await using (var behind = await StartAsync(trusted: "127.0.0.0/8"))
        {
            // What the client wrote itself comes first; the proxy appends the address it saw, which decides.
            await FailTwiceAsync(behind, from: "198.51.100.1, 203.0.113.7");
            Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(behind, "bob", GatedRegistry.Password, from: "198.51.100.2, 203.0.113.7"));
        }

        await using var direct = await StartAsync(trusted: "10.0.0.0/8");
        await FailTwiceAsync(direct, from: "203.0.113.7");
        // 127.0.0.1 is no trusted proxy: its header is ignored and its own address is the one paused.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(direct, "bob", GatedRegistry.Password, from: "203.0.113.8"));
    }

    [Fact]
    public async Task A_request_the_trusted_proxy_received_over_tls_gets_secure_cookies_and_one_from_elsewhere_does_not()
    {
        await using (var behind = await StartAsync(trusted: "127.0.0.1"))
        {
            Assert.Contains("secure", await AntiforgeryCookieAsync(behind, forwardedProto: "https"), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secure", await AntiforgeryCookieAsync(behind, forwardedProto: null), StringComparison.OrdinalIgnoreCase);
            // HAProxy appends to a client's own X-Forwarded-For but sets one X-Forwarded-Proto: the address still comes
            // through, the one the proxy saw.
            await FailTwiceAsync(behind, from: "198.51.100.1, 203.0.113.9", forwardedProto: "https");
            Assert.Equal(HttpStatusCode.OK, await LoginAsync(behind, "bob", GatedRegistry.Password, from: "203.0.113.8"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(behind, "bob", GatedRegistry.Password, from: "203.0.113.9"));
        }

        await using var direct = await StartAsync(trusted: "10.0.0.0/8");
        Assert.DoesNotContain("secure", await AntiforgeryCookieAsync(direct, forwardedProto: "https"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sign-in page's antiforgery cookie (<c>SameAsRequest</c>, like the session cookie).</summary>
    private static async Task<string> AntiforgeryCookieAsync(GatedRegistry registry, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.50");
        if (forwardedProto is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwardedProto);
        }

        using var response = await registry.Server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wharf_antiforgery", StringComparison.Ordinal));
    }

    private static Task<GatedRegistry> StartAsync(string trusted) => GatedRegistry.StartAsync(["alice", "bob"], new Dictionary<string, string?>
    {
        ["Proxy:TrustedNetworks:0"] = trusted,
        ["Auth:Credentials:MaxFailures"] = "2",
    });

    private static async Task FailTwiceAsync(GatedRegistry registry, string from, string? forwardedProto = null)
    {
        foreach (var user in new[] { "alice", "carol" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(registry, user, "not-the-password", from, forwardedProto));
        }
    }

    private static async Task<HttpStatusCode> LoginAsync(GatedRegistry registry, string user, string password, string from, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf");
        request.Headers.Authorization = BasicAuth.Header(user, password);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", from);
        if (forwardedProto is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwardedProto);
        }

        using var response = await registry.Server.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
