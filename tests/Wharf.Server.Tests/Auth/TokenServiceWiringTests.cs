using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>The token service inside a real Wharf with <c>Auth:Enabled</c>: accounts from the SQL store, decisions by
/// <see cref="AccessPolicy"/>, signing keys in the database.</summary>
public sealed class TokenServiceWiringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_gets_a_token_for_its_own_namespace_only_and_the_jwks_publishes_the_key_kept_in_the_database()
    {
        await using var server = await WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Auth:Enabled"] = "true" });
        var store = server.Services.GetRequiredService<IAccountStore>();
        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("alice", "alice-password-1", Ct));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf&scope=repository:alice/app:pull,push&scope=repository:bob/app:pull,push");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-password-1")));

        using var response = await server.Client.SendAsync(request, Ct);
        using var jwks = await server.Client.GetAsync(AuthSetup.JwksPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
        var validated = await server.Services.GetRequiredService<TokenValidator>().ValidateAsync(token, "wharf", Ct);
        Assert.NotNull(validated);
        Assert.Equal("alice", validated.Subject);
        Assert.True(validated.Grants("alice/app", RepositoryAction.Pull | RepositoryAction.Push));
        Assert.Equal(RepositoryAction.None, validated.ActionsOn("bob/app"));
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        Assert.Single(JsonNode.Parse(await jwks.Content.ReadAsStringAsync(Ct))!["keys"]!.AsArray());
        var key = Assert.Single(await server.Services.GetRequiredService<SqlSigningKeyStore>().ListAsync(Ct));
        Assert.Contains(key.Kid, await jwks.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "keys"))); // nothing on the node's disk
    }

    [Fact]
    public async Task Wrong_passwords_get_401_and_with_auth_off_there_is_no_token_endpoint()
    {
        await using var on = await WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Auth:Enabled"] = "true" });
        await on.Services.GetRequiredService<IAccountStore>().CreateUserAsync("carol", "carol-password-1", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf&scope=repository:carol/app:pull");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:wrong")));
        await using var off = await WharfServer.StartAsync();

        using var refused = await on.Client.SendAsync(request, Ct);
        using var absent = await off.Client.GetAsync("/auth/token", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("wrong", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }
}
