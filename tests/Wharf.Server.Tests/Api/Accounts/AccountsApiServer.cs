using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>A real Wharf with <c>Auth:Enabled</c> for the management API tests: accounts made through the store, and
/// requests sent with HTTP Basic credentials. Users get a full-scope personal access token to call with, which is
/// checked with one hash lookup instead of a slow password hash per request.</summary>
public sealed class AccountsApiServer : IAsyncDisposable
{
    private AccountsApiServer(WharfServer server) => Server = server;

    public WharfServer Server { get; }

    public IAccountStore Store => Server.Services.GetRequiredService<IAccountStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AccountsApiServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null) =>
        new(await WharfServer.StartWithAuthAsync("bootstrap-admin-password", settings, dataDirectory, services));

    /// <summary>A fresh valid account name: the prefix and random hex.</summary>
    public static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public static string PasswordOf(string user) => $"{user}-password-1";

    /// <summary>Creates a user (with <see cref="PasswordOf"/> when <paramref name="withPassword"/>) and returns its login
    /// with a personal access token of <paramref name="scope"/>.</summary>
    public async Task<ApiLogin> NewUserAsync(string prefix = "u", bool admin = false, bool withPassword = false, TokenScope scope = TokenScope.Delete)
    {
        var name = NewName(prefix);
        Assert.Equal(AccountChange.Done, await Store.CreateUserAsync(name, withPassword ? PasswordOf(name) : null, Ct));
        if (admin)
        {
            Assert.Equal(AccountChange.Done, await Store.SetAdminAsync(name, true, Ct));
        }

        return await TokenAsync(name, scope);
    }

    /// <summary>A new personal access token of <paramref name="user"/>, as a login.</summary>
    public async Task<ApiLogin> TokenAsync(string user, TokenScope scope)
    {
        var issued = await Store.CreateAccessTokenAsync(user, AccessTokenKind.PersonalAccessToken, "test", scope, null, Ct);
        Assert.True(issued.IsDone);
        return new ApiLogin(user, issued.Secret);
    }

    /// <summary>Creates an organisation owned by <paramref name="owner"/>.</summary>
    public async Task<string> NewOrganisationAsync(ApiLogin owner)
    {
        var name = NewName("org");
        Assert.Equal(AccountChange.Done, await Store.CreateOrganisationAsync(name, owner.Name, Ct));
        return name;
    }

    /// <summary>Sends a request; <paramref name="json"/> goes as <c>application/json</c>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, ApiLogin? who = null, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (who is not null)
        {
            request.Headers.Authorization = Basic(who);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Server.Client.SendAsync(request, Ct);
    }

    /// <summary>Sends a request and returns the JSON answer after checking the status (the body is in the failure).</summary>
    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, ApiLogin? who, string? json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(method, path, who, json);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Sends a request and checks it was answered with <paramref name="expected"/>; returns the body text.</summary>
    public async Task<string> ExpectAsync(HttpMethod method, string path, ApiLogin? who, HttpStatusCode expected, string? json = null)
    {
        using var response = await SendAsync(method, path, who, json);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {body}");
        if ((int)expected >= 400)
        {
            ApiAssert.Problem(response, body, expected);
        }

        return body;
    }

    /// <summary>The status <c>GET /auth/token</c> answers for these Basic credentials.</summary>
    public async Task<HttpStatusCode> TokenEndpointStatusAsync(string user, string secret, string scope = "repository:x/y:pull")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = Basic(new ApiLogin(user, secret));
        using var response = await Server.Client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    public static AuthenticationHeaderValue Basic(ApiLogin who) =>
        BasicAuth.Header(who.Name, who.Secret);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
