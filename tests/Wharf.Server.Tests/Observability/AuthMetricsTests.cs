using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary>Token issues by grant type and outcome, and refused logins by reason (bad credentials, disabled,
/// throttled), as <c>/metrics</c> shows them after real token requests.</summary>
public sealed class AuthMetricsTests
{
    private const string AdminPassword = "obs-admin-Pa55word";
    private const string CarolPassword = "obs-carol-Pa55word";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_requests_and_failed_logins_are_counted_by_outcome_and_reason()
    {
        // Three failures from one address start a block, so the fourth attempt is refused unchecked.
        await using var server = await WharfServer.StartWithAuthAsync(AdminPassword, new Dictionary<string, string?> { ["Auth:Credentials:MaxFailures"] = "3" });
        var http = server.Client;
        await SendAsync(http, HttpMethod.Post, "/api/v1/users", ("admin", AdminPassword), $$"""{"name":"carol","password":"{{CarolPassword}}"}""", HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Patch, "/api/v1/users/carol", ("admin", AdminPassword), """{"disabled":true}""", HttpStatusCode.OK);
        var before = await PrometheusScrape.TakeAsync(http);

        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf&scope=repository:team/app:pull", ("admin", AdminPassword), null, HttpStatusCode.OK);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf&scope=repository:team/app:pull", null, null, HttpStatusCode.OK);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("admin", "wrong-Pa55word"), null, HttpStatusCode.Unauthorized);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("carol", CarolPassword), null, HttpStatusCode.Unauthorized);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("nobody", "wrong-Pa55word"), null, HttpStatusCode.Unauthorized);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("admin", AdminPassword), null, HttpStatusCode.TooManyRequests);
        await SendAsync(http, HttpMethod.Get, "/auth/token?service=other", null, null, HttpStatusCode.BadRequest);

        var after = await PrometheusScrape.TakeAsync(new HttpClient { BaseAddress = server.BaseAddress });
        MetricsTests.AssertMoved(before, after, 1, "wharf_token_requests_total", ("grant_type", "password"), ("outcome", "issued"));
        MetricsTests.AssertMoved(before, after, 1, "wharf_token_requests_total", ("grant_type", "anonymous"), ("outcome", "issued"));
        MetricsTests.AssertMoved(before, after, 4, "wharf_token_requests_total", ("grant_type", "password"), ("outcome", "invalid_grant"));
        MetricsTests.AssertMoved(before, after, 1, "wharf_token_requests_total", ("outcome", "invalid_request"));
        MetricsTests.AssertMoved(before, after, 2, "wharf_login_failures_total", ("reason", "bad_credentials"));
        MetricsTests.AssertMoved(before, after, 1, "wharf_login_failures_total", ("reason", "disabled"));
        MetricsTests.AssertMoved(before, after, 1, "wharf_login_failures_total", ("reason", "throttled"));
        Assert.DoesNotContain("carol", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody", after.Text, StringComparison.Ordinal);
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, (string User, string Secret)? credentials, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (credentials is var (user, secret))
        {
            request.Headers.Authorization = BasicAuth.Header(user, secret);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
