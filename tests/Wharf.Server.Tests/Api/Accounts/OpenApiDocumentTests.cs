using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>The OpenAPI document of the JSON API at <c>/api/v1/openapi.json</c>, for the CLI and for people.</summary>
public sealed class OpenApiDocumentTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_is_served_to_anyone_and_lists_the_account_endpoints_with_their_enum_words()
    {
        using var response = await fixture.Api.Server.Client.GetAsync("/api/v1/openapi.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(text)!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/users", paths);
        Assert.Contains("/api/v1/users/{name}", paths);
        Assert.Contains("/api/v1/orgs/{org}/teams/{team}/members/{member}", paths);
        Assert.Contains("/api/v1/permissions", paths);
        Assert.Contains("/api/v1/audit", paths);
        Assert.Contains("/api/v1/diff", paths);
        Assert.Contains("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", paths);
        Assert.Contains("/api/v1/triggers/{id}/credential", paths);
        Assert.Contains("/api/v1/repositories", paths);
        Assert.Contains("/api/v1/storage", paths);
        Assert.NotNull(document["paths"]!["/api/v1/triggers/{id}/credential"]!["put"]!["requestBody"]);
        Assert.DoesNotContain(paths, p => p.StartsWith("/v2", StringComparison.Ordinal) || p.StartsWith("/auth", StringComparison.Ordinal));
        Assert.NotNull(document["paths"]!["/api/v1/users"]!["post"]!["requestBody"]);
        Assert.Contains("\"read-write\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_auth_off_the_account_endpoints_are_absent_but_the_document_is_served()
    {
        await using var server = await Infrastructure.WharfServer.StartAsync();

        using var document = await server.Client.GetAsync("/api/v1/openapi.json", Ct);
        using var users = await server.Client.GetAsync("/api/v1/users", Ct);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.DoesNotContain("/api/v1/users", await document.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, users.StatusCode);
    }
}
