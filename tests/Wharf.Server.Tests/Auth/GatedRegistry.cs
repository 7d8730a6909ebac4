using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>A real Wharf with <c>Auth:Enabled</c> and the accounts a gate test needs, plus the two halves of the token
/// dance done by hand: asking <c>/auth/token</c> and sending <c>/v2</c> requests with the token.</summary>
internal sealed class GatedRegistry : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";

    private GatedRegistry(WharfServer server) => Server = server;

    public WharfServer Server { get; }

    public IAccountStore Accounts => Server.Services.GetRequiredService<IAccountStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts Wharf with auth on and creates each user with <see cref="Password"/>.</summary>
    public static async Task<GatedRegistry> StartAsync(IEnumerable<string> users, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var registry = new GatedRegistry(await WharfServer.StartWithAuthAsync(Password, settings));
        foreach (var user in users)
        {
            Assert.Equal(AccountChange.Done, await registry.Accounts.CreateUserAsync(user, Password, Ct));
        }

        return registry;
    }

    /// <summary>A token from <c>/auth/token</c> (GET with Basic credentials; anonymous when <paramref name="user"/> is
    /// null) for the given scopes, e.g. <c>repository:alice/app:pull,push</c>.</summary>
    public async Task<string> TokenAsync(string? user, params string[] scopes) => await TokenForAsync("wharf", user, Password, scopes);

    public async Task<string> TokenForAsync(string service, string? user, string secret, params string[] scopes)
    {
        var query = string.Join("", scopes.Select(s => $"&scope={Uri.EscapeDataString(s)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service={Uri.EscapeDataString(service)}{query}");
        if (user is not null)
        {
            request.Headers.Authorization = BasicAuth.Header(user, secret);
        }

        using var response = await Server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
    }

    /// <summary>A conformance client whose every request carries <paramref name="token"/> (none when null).</summary>
    public OciTestClient Client(string? token)
    {
        var http = new HttpClient(new BearerHandler(token) { InnerHandler = new HttpClientHandler() }) { BaseAddress = Server.BaseAddress };
        return new OciTestClient(http);
    }

    /// <summary>Pushes a small image as <paramref name="user"/>, who must be allowed to.</summary>
    public async Task<PushedImage> PushAsync(string user, string repository, string tag = "1") =>
        await Client(await TokenAsync(user, $"repository:{repository}:pull,push")).PushImageAsync(repository, tag);

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private sealed class BearerHandler(string? token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
