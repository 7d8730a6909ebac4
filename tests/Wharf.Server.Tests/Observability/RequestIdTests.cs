using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary>Every request has one id: the caller's sane <c>X-Request-Id</c> or one Wharf makes, echoed in the
/// response header, in the error body of every kind of endpoint, and in every log line written while serving it.</summary>
public sealed class RequestIdTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string Header = "X-Request-Id";
    private const string AdminPassword = "obs-admin-Pa55word";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_response_carries_an_id_and_two_requests_get_two()
    {
        using var first = await fixture.Server.Client.GetAsync("/v2/", Ct);
        using var second = await fixture.Server.Client.GetAsync("/healthz", Ct);

        var a = Assert.Single(first.Headers.GetValues(Header));
        var b = Assert.Single(second.Headers.GetValues(Header));
        Assert.False(string.IsNullOrWhiteSpace(a));
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("req-7f3a9c", true)]
    [InlineData("0af7651916cd43dd8448eb211c80319c", true)]
    [InlineData("has space", false)]
    [InlineData("quote\"d", true)]
    [InlineData("tab\tinside", false)]
    public async Task A_sane_incoming_id_is_kept_and_anything_else_replaced(string incoming, bool kept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.TryAddWithoutValidation(Header, incoming);
        using var response = await fixture.Server.Client.SendAsync(request, Ct);

        var echoed = Assert.Single(response.Headers.GetValues(Header));
        Assert.Equal(kept, echoed == incoming);
    }

    [Fact]
    public async Task An_overlong_incoming_id_is_replaced()
    {
        var incoming = new string('a', 129);
        using var response = await SendWithIdAsync(fixture.Server.Client, HttpMethod.Get, "/v2/", incoming);

        Assert.NotEqual(incoming, Assert.Single(response.Headers.GetValues(Header)));
    }

    [Fact]
    public async Task The_oci_error_body_carries_the_id_in_its_detail_object()
    {
        var id = NewId();
        using var response = await SendWithIdAsync(fixture.Server.Client, HttpMethod.Get, "/v2/some/repo/manifests/nope", id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues(Header)));
        var error = (await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct))!["errors"]![0]!;
        Assert.Equal("MANIFEST_UNKNOWN", error["code"]!.GetValue<string>());
        Assert.Equal(id, error["detail"]!["requestId"]!.GetValue<string>());
        Assert.Equal("some/repo:nope not found", error["detail"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Problem_details_and_the_token_endpoint_error_carry_the_id()
    {
        await using var server = await WharfServer.StartWithAuthAsync(AdminPassword);

        var problemId = NewId();
        using var problem = await SendWithIdAsync(server.Client, HttpMethod.Get, "/api/v1/users", problemId);
        Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Equal(problemId, (await JsonAsync(problem))["requestId"]!.GetValue<string>());

        var diffId = NewId();
        using var diff = await SendWithIdAsync(server.Client, HttpMethod.Get, "/api/v1/diff?from=Bad&to=x", diffId, ("admin", AdminPassword));
        Assert.Equal(HttpStatusCode.BadRequest, diff.StatusCode);
        Assert.Equal(diffId, (await JsonAsync(diff))["requestId"]!.GetValue<string>());

        var tokenId = NewId();
        using var token = await SendWithIdAsync(server.Client, HttpMethod.Get, "/auth/token?service=wharf", tokenId, ("admin", "wrong-Pa55word"));
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        var body = await JsonAsync(token);
        Assert.Equal(tokenId, body["request_id"]!.GetValue<string>());
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_log_line_written_while_serving_a_request_carries_its_id()
    {
        await using var server = await WharfServer.StartWithAuthAsync(AdminPassword, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Auth:Credentials:MaxFailures"] = "1",
        });
        var logs = new CapturedLogs();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        // A failed login that starts a block logs a warning from inside the request (CredentialValidator).
        var id = NewId();
        using var response = await SendWithIdAsync(server.Client, HttpMethod.Get, "/auth/token?service=wharf", id, ("mallory", "wrong-Pa55word"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        Assert.Equal(id, Assert.Single(response.Headers.GetValues(Header)));
        var ours = logs.Entries.Where(e => e.RequestIds.Contains(id)).ToList();
        Assert.Contains(ours, e => e.Category.EndsWith("CredentialValidator", StringComparison.Ordinal) && e.Level == LogLevel.Warning);
        Assert.Contains(ours, e => e.Category == "Microsoft.AspNetCore.Routing.EndpointMiddleware");
        // Lines in some request's scope: all of them in ours, except the hosting's own "Request starting/finished",
        // written around the whole pipeline with the id ASP.NET made before any middleware ran.
        var inRequest = logs.Entries.Where(e => e.RequestIds.Count > 0 && e.Category != "Microsoft.AspNetCore.Hosting.Diagnostics").ToList();
        Assert.All(inRequest, e => Assert.Contains(id, e.RequestIds));
    }

    private static string NewId() => $"obs-{Guid.NewGuid():N}";

    private static async Task<HttpResponseMessage> SendWithIdAsync(HttpClient http, HttpMethod method, string path, string id, (string User, string Secret)? credentials = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(Header, id);
        if (credentials is var (user, secret))
        {
            request.Headers.Authorization = BasicAuth.Header(user, secret);
        }

        return await http.SendAsync(request, Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        (await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct))!;
}
