using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>Real Kestrel on loopback serving only <see cref="TokenEndpoint"/>, over a few accounts kept in
/// dictionaries and the real <see cref="AccessPolicy"/>: alice owns <c>alice/*</c>; bob is a member of the
/// organisation <c>team</c> (pull there); <c>library/public</c> is public; alice's personal access token
/// <c>alice-read-pat</c> is read-only.</summary>
internal sealed class TokenEndpointHost : IAsyncDisposable
{
    public const string PublicRepository = "library/public";

    /// <summary>A user whose logins are paused by the throttle (for 89.5 s more).</summary>
    public const string ThrottledUser = "paused";

    private static readonly Dictionary<string, (string Secret, Principal Principal)> Credentials = new()
    {
        ["alice"] = ("alice-password", User("alice")),
        ["bob"] = ("bob-password", User("bob") with { OrganisationRoles = new Dictionary<string, OrganisationRole> { ["team"] = OrganisationRole.Member } }),
    };

    private readonly WebApplication _app;
    private readonly AccessPolicy _policy = new(anonymousPull: true);

    private TokenEndpointHost(WebApplication app, TokenSetup tokens)
    {
        _app = app;
        Tokens = tokens;
    }

    public TokenSetup Tokens { get; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Refresh token → the account it was issued to.</summary>
    public ConcurrentDictionary<string, string> RefreshTokens { get; } = new();

    /// <summary>The client address each authentication attempt was made from.</summary>
    public ConcurrentQueue<string> ClientAddresses { get; } = new();

    public static async Task<TokenEndpointHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new TokenEndpointHost(app, await TokenSetup.CreateAsync());
        var services = new TokenEndpointServices(
            host.Tokens.Issuer, host.Tokens.Options, host.AuthenticateAsync, host.DecideAsync, host.CreateRefreshTokenAsync, host.RedeemAsync);
        app.MapMethods(TokenEndpoint.Path, ["GET", "POST", "PUT"], (HttpContext http, CancellationToken ct) => TokenEndpoint.HandleAsync(http, services, ct));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    private static Principal User(string name) =>
        new(name, AccountKind.User, false, new Dictionary<string, OrganisationRole>(), new Dictionary<string, RepositoryAccess>());

    private Task<LoginResult> AuthenticateAsync(string user, string secret, string clientAddress, CancellationToken ct)
    {
        ClientAddresses.Enqueue(clientAddress);
        if (user == ThrottledUser)
        {
            return Task.FromResult(LoginResult.Throttled(TimeSpan.FromSeconds(89.5)));
        }

        if (user == "alice" && secret == "alice-read-pat")
        {
            return Task.FromResult(LoginResult.Success(Credentials["alice"].Principal with { TokenScope = TokenScope.Read }, "personal access token 1"));
        }

        return Task.FromResult(Credentials.TryGetValue(user, out var account) && account.Secret == secret ? LoginResult.Success(account.Principal, "password") : LoginResult.Invalid);
    }

    private Task<RepositoryAction> DecideAsync(Principal who, string repository, CancellationToken ct) =>
        Task.FromResult(_policy.Decide(who, repository, isPublic: repository == PublicRepository));

    private Task<string> CreateRefreshTokenAsync(Principal who, CancellationToken ct)
    {
        var token = $"refresh-{Guid.NewGuid():N}";
        RefreshTokens[token] = who.Name;
        return Task.FromResult(token);
    }

    private Task<Principal?> RedeemAsync(string refreshToken, CancellationToken ct) =>
        Task.FromResult(RefreshTokens.TryGetValue(refreshToken, out var name) ? Credentials[name].Principal : null);

    public async Task<ValidatedToken> ValidateAsync(JsonNode body) =>
        await Tokens.Validator.ValidateAsync(body["token"]!.GetValue<string>(), TokenSetup.Service, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException("the endpoint issued a token its validator refuses");

    /// <summary>GET /auth/token?QUERY with HTTP Basic credentials, as docker sends it.</summary>
    public Task<(HttpResponseMessage Response, JsonNode Body)> GetAsync(string user, string password, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?{query}");
        request.Headers.Authorization = BasicAuth.Header(user, password);
        return SendAsync(request);
    }

    /// <summary>The OAuth2 POST of a form.</summary>
    public Task<(HttpResponseMessage Response, JsonNode Body)> PostAsync(Dictionary<string, string> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = new FormUrlEncodedContent(form) });

    public async Task<(HttpResponseMessage Response, JsonNode Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return (response, JsonNode.Parse(text)!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}
