using System.Net;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary><c>/api/v1/visibility</c>: public or private, readable by whoever may pull, changed by repository admins.</summary>
public sealed class VisibilityEndpointsTests(AccountsApiFixture fixture) : IClassFixture<AccountsApiFixture>
{
    private readonly AccountsApiServer _api = fixture.Api;

    [Fact]
    public async Task The_owner_makes_a_repository_public_and_then_anyone_may_read_that_it_is()
    {
        var (alice, bob) = (await _api.NewUserAsync("alice"), await _api.NewUserAsync("bob"));
        var repository = $"{alice.Name}/app";
        var query = $"/api/v1/visibility?repository={repository}";

        var before = await _api.JsonAsync(HttpMethod.Get, query, alice, null);
        await _api.ExpectAsync(HttpMethod.Get, query, null, HttpStatusCode.Unauthorized);
        var hidden = await _api.ExpectAsync(HttpMethod.Get, query, bob, HttpStatusCode.NotFound);
        var unknown = await _api.ExpectAsync(HttpMethod.Get, $"/api/v1/visibility?repository={bob.Name}x/none", bob, HttpStatusCode.NotFound);
        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/visibility", bob, HttpStatusCode.Forbidden, $$"""{"repository":"{{repository}}","public":true}""");
        var set = await _api.JsonAsync(HttpMethod.Put, "/api/v1/visibility", alice, $$"""{"repository":"{{repository}}","public":true}""");
        var anonymous = await _api.JsonAsync(HttpMethod.Get, query, null, null);

        Assert.Equal($$"""{"repository":"{{repository}}","public":false}""", before.ToJsonString());
        Assert.Equal(
            ApiAssert.WithoutRequestId(hidden).Replace(repository, "NAME", StringComparison.Ordinal),
            ApiAssert.WithoutRequestId(unknown).Replace($"{bob.Name}x/none", "NAME", StringComparison.Ordinal));
        Assert.Equal($$"""{"repository":"{{repository}}","public":true}""", set.ToJsonString());
        Assert.Equal(set.ToJsonString(), anonymous.ToJsonString());
        Assert.Equal(
            $$"""{"repository":"{{repository}}","public":false}""",
            (await _api.JsonAsync(HttpMethod.Put, "/api/v1/visibility", alice, $$"""{"repository":"{{repository}}","public":false}""")).ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/visibility")]
    [InlineData("/api/v1/visibility?repository=a/../b")]
    [InlineData("/api/v1/visibility?repository=A/b")]
    public async Task Bad_repository_names_are_400(string path)
    {
        var alice = await _api.NewUserAsync("alice");

        await _api.ExpectAsync(HttpMethod.Get, path, alice, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"repository":"OWNER/app"}""")]
    [InlineData("""{"repository":"OWNER/app","public":"yes"}""")]
    [InlineData("""{"repository":"OWNER/..","public":true}""")]
    [InlineData("""{"public":true}""")]
    public async Task Bad_visibility_changes_are_400(string json)
    {
        var alice = await _api.NewUserAsync("alice");

        await _api.ExpectAsync(HttpMethod.Put, "/api/v1/visibility", alice, HttpStatusCode.BadRequest, json.Replace("OWNER", alice.Name, StringComparison.Ordinal));
    }
}
