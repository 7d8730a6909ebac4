using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wharf.Server.Tests.Client;

/// <summary>A real token service (distribution token-auth spec) on Kestrel loopback, for Distribution configured with
/// <c>auth: token</c>: it signs ES256 JWTs with a self-signed certificate (sent as <c>x5c</c>; the same certificate is
/// Distribution's <c>rootcertbundle</c>). Known users get every action they ask for; anonymous callers get pull only;
/// a wrong password gets 401. Every request is recorded.</summary>
internal sealed class TestTokenService : IAsyncDisposable
{
    public const string Service = "wharf-test-registry";
    public const string Issuer = "wharf-test-issuer";

    private readonly WebApplication _app;
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyDictionary<string, string> _users;

    private TestTokenService(WebApplication app, ECDsa key, X509Certificate2 certificate, IReadOnlyDictionary<string, string> users)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
        _users = users;
    }

    /// <summary>http://127.0.0.1:PORT/token</summary>
    public Uri Realm { get; private set; } = null!;

    /// <summary>Each request: the user (null when anonymous) and the scopes asked for.</summary>
    public ConcurrentQueue<(string? User, IReadOnlyList<string> Scopes)> Requests { get; } = new();

    /// <summary>Answer with OAuth2's <c>access_token</c> instead of <c>token</c>.</summary>
    public bool UseAccessTokenField { get; set; }

    public int ExpiresInSeconds { get; set; } = 300;

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>The <c>auth:</c> section for <see cref="DistributionRegistry.StartAsync"/>, with the certificate
    /// written by the returned preparation step.</summary>
    public (string Auth, Action<string> Prepare) DistributionAuth() => (
        $$"""
          token:
            realm: {{Realm}}
            service: {{Service}}
            issuer: {{Issuer}}
            rootcertbundle: {dir}/token-root.pem
        """,
        directory => File.WriteAllText(Path.Combine(directory, "token-root.pem"), CertificatePem));

    public static async Task<TestTokenService> StartAsync(IReadOnlyDictionary<string, string> users)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wharf test token issuer", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new TestTokenService(app, key, certificate, users);
        app.MapGet("/token", service.Issue);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Realm = new Uri(address.TrimEnd('/') + "/token");
        return service;
    }

    private IResult Issue(HttpContext context)
    {
        var scopes = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!).ToList();
        string? user = null;
        if (context.Request.Headers.Authorization.ToString() is { Length: > 6 } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            if (!_users.TryGetValue(decoded[0], out var password) || password != decoded[1])
            {
                Requests.Enqueue((decoded[0], scopes));
                return Results.Unauthorized();
            }

            user = decoded[0];
        }

        Requests.Enqueue((user, scopes));
        var token = Sign(user, scopes.Select(s => Access(s, anonymous: user is null)).OfType<JsonObject>());
        var body = new JsonObject { [UseAccessTokenField ? "access_token" : "token"] = token, ["expires_in"] = ExpiresInSeconds };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    /// <summary><c>repository:NAME:ACTIONS</c> → the token's access entry; anonymous callers keep only pull.</summary>
    private static JsonObject? Access(string scope, bool anonymous)
    {
        var parts = scope.Split(':');
        if (parts.Length < 3)
        {
            return null;
        }

        var actions = parts[^1].Split(',').Where(a => !anonymous || a == "pull").ToArray();
        var name = string.Join(':', parts[1..^1]);
        return new JsonObject { ["type"] = parts[0], ["name"] = name, ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]) };
    }

    private string Sign(string? subject, IEnumerable<JsonObject> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject ?? "",
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = new JsonArray([.. access]),
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        // JWS ES256: the raw r||s signature (IEEE P1363), which is what .NET produces by default.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
