using System.Net;
using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Client;

/// <summary>Asks a registry's token service (the <c>realm</c> of a Bearer challenge) for a token, as the distribution
/// token-auth spec says: <c>GET realm?service=…&amp;scope=…</c> with HTTP Basic credentials when there are any
/// (anonymous otherwise), or an OAuth2 <c>refresh_token</c> POST when the credential is an identity token.</summary>
internal static class BearerTokenService
{
    /// <summary>token-auth spec: a token without <c>expires_in</c> lasts 60 seconds.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    private const int MaxResponseBytes = 1024 * 1024;

    public static async Task<BearerToken> FetchAsync(
        HttpClient http, string host, AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, TimeProvider clock, CancellationToken ct)
    {
        var realm = Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var r) && r.Scheme is "http" or "https"
            ? r
            : throw new RegistryException(OciErrorCode.Unauthorized, $"{host} named an unusable token realm '{challenge.Realm}'");
        using var request = credential?.IdentityToken is { } refreshToken
            ? RefreshRequest(realm, challenge.Service, scopes, refreshToken)
            : TokenRequest(realm, challenge.Service, scopes, credential);
        var issuedAt = clock.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (RegistryClient.Unreachable(realm, e) is { } unreachable)
        {
            throw unreachable;
        }

        using (response)
        {
            var who = credential is null ? "anonymous access" : $"the credentials of '{credential.Username}'";
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new RegistryException(OciErrorCode.Unauthorized, $"the token service of {host} ({realm.GetLeftPart(UriPartial.Path)}) refused {who}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryException(OciErrorCode.Unknown, $"the token service of {host} ({realm.GetLeftPart(UriPartial.Path)}) answered HTTP {(int)response.StatusCode}");
            }

            var body = await RegistryClient.ReadLimitedAsync(response.Content, MaxResponseBytes, ct);
            return Parse(body, host, issuedAt);
        }
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        var query = new List<string>();
        if (service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var request = new HttpRequestMessage(HttpMethod.Get, WithQuery(realm, query));
        if (credential is not null)
        {
            request.Headers.Authorization = RegistryAuthenticator.BasicHeader(credential);
        }

        return request;
    }

    private static HttpRequestMessage RefreshRequest(Uri realm, string? service, IReadOnlyList<string> scopes, string refreshToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = "wharf",
            ["scope"] = string.Join(' ', scopes),
        };
        if (service is not null)
        {
            form["service"] = service;
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static Uri WithQuery(Uri realm, List<string> query)
    {
        if (query.Count == 0)
        {
            return realm;
        }

        var separator = realm.Query.Length > 0 ? "&" : "?";
        return new Uri(realm.AbsoluteUri + separator + string.Join('&', query));
    }

    private static BearerToken Parse(byte[] body, string host, DateTimeOffset issuedAt)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            // token-auth spec: "token" is the name; "access_token" is the OAuth2 name, accepted as its equivalent.
            var value = String(root, "token") ?? String(root, "access_token")
                ?? throw new RegistryException(OciErrorCode.Unauthorized, $"the token service of {host} sent no token");
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultLifetime;
            // Stop a little early so that a token never expires between the check and the registry's.
            var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromSeconds(10).Ticks));
            return new BearerToken(value, issuedAt + lifetime - margin);
        }
        catch (JsonException)
        {
            throw new RegistryException(OciErrorCode.Unauthorized, $"the token service of {host} sent a response that is not JSON");
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s ? s : null;
}
