using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wharf.Bench;

/// <summary>How a target wants its requests authenticated (target option <c>auth=</c>).</summary>
internal enum RegistryAuth
{
    None,

    /// <summary>HTTP Basic on every request, as docker sends to a registry with htpasswd auth.</summary>
    Basic,

    /// <summary>Docker token auth (distribution docs/spec/auth/token.md), as docker's client does it.</summary>
    Token,
}

/// <summary>
/// Adds credentials to every request of one target's <see cref="HttpClient"/>. <see cref="RegistryAuth.Basic"/>: the
/// Basic header on every request. <see cref="RegistryAuth.Token"/>: like docker's client (distribution
/// registry/client/auth): the realm and service come from the first Bearer challenge (the <c>GET /v2/</c> ping);
/// from then on a request for repository R is sent with a token for <c>repository:R:pull</c> (GET, HEAD) or
/// <c>repository:R:pull,push</c> (anything else), fetched once from the realm with Basic credentials and reused until
/// its <c>expires_in</c> passes. A 401 with a Bearer challenge anyway (expired, revoked) fetches a token for the
/// challenge's scope and, for a request without a body, retries once.
/// </summary>
internal sealed class RegistryAuthHandler(RegistryAuth mode, string user, string password) : DelegatingHandler
{
    private static readonly string[] RepositoryMarkers = ["/manifests/", "/blobs/", "/tags/", "/referrers/"];

    private readonly AuthenticationHeaderValue _basic = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    private readonly ConcurrentDictionary<string, (string Token, long ExpiresAt)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile Challenge? _challenge;
    private int _fetches;

    public RegistryAuth Mode => mode;

    /// <summary>Tokens fetched from the realm so far.</summary>
    public int TokenFetches => Volatile.Read(ref _fetches);

    /// <summary>Drops every cached token and the realm, as a new client process would start: the next request goes
    /// without a token and learns the realm from its 401.</summary>
    public void ForgetTokens()
    {
        _challenge = null;
        _tokens.Clear();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (mode == RegistryAuth.Basic)
        {
            request.Headers.Authorization = _basic;
            return await base.SendAsync(request, ct);
        }
        if (request.RequestUri is not { } uri || !uri.AbsolutePath.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return await base.SendAsync(request, ct);
        }

        var scope = ScopeFor(request.Method, uri);
        string? sent = null;
        if (_challenge is not null)
        {
            sent = await TokenAsync(scope, scope, null, ct);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sent);
        }
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || Challenge.Parse(response) is not { } challenge)
        {
            return response;
        }

        // Expired or insufficient: a fresh token for what the registry asked for. A body may already be consumed, so
        // only a request without one is sent again; the caller sees the 401 of the others.
        _challenge = challenge;
        var token = await TokenAsync(challenge.Scope ?? scope, scope, sent, ct);
        if (request.Content is not null)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, ct);
    }

    /// <summary>The token cached under <paramref name="key"/>, fetched for <paramref name="scope"/> when there is none,
    /// it has expired or it is <paramref name="refused"/> (the one a 401 just answered).</summary>
    private async Task<string> TokenAsync(string scope, string key, string? refused, CancellationToken ct)
    {
        if (Usable(key, refused) is { } token)
        {
            return token;
        }
        await _fetching.WaitAsync(ct);
        try
        {
            // Another request may have fetched it while this one waited: one fetch for 32 clients, as for one docker.
            if (Usable(key, refused) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }
            var fetched = await FetchAsync(_challenge!, scope, ct);
            _tokens[key] = fetched;
            return fetched.Token;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private string? Usable(string key, string? refused) =>
        _tokens.TryGetValue(key, out var cached) && Environment.TickCount64 < cached.ExpiresAt && cached.Token != refused
            ? cached.Token
            : null;

    private async Task<(string Token, long ExpiresAt)> FetchAsync(Challenge challenge, string scope, CancellationToken ct)
    {
        var query = $"?service={Uri.EscapeDataString(challenge.Service)}";
        foreach (var one in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query += $"&scope={Uri.EscapeDataString(one)}";
        }
        var realm = new Uri(challenge.Realm + query);
        if (realm.Host != "127.0.0.1")
        {
            throw new HttpFailure("GET token", 0, "refused", $"the realm points away from loopback: {challenge.Realm}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, realm);
        request.Headers.Authorization = _basic;
        var started = Environment.TickCount64;
        using var response = await base.SendAsync(request, ct);
        await RegistryOps.ExpectAsync(response, "GET token", 200, ct);
        Interlocked.Increment(ref _fetches);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = json.RootElement;
        var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
            ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null)
            ?? throw new HttpFailure("GET token", 200, "bad body", "no token or access_token");
        // token.md: expires_in defaults to 60 seconds; docker counts from when it asked.
        var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 60;
        return (token, started + seconds * 1000L);
    }

    /// <summary>The scope docker asks for before this request: pull for reads, pull,push for writes (and pull on the
    /// source of a mount); the catalog scope for the catalog; none for the base endpoint.</summary>
    private static string ScopeFor(HttpMethod method, Uri uri)
    {
        var rest = uri.AbsolutePath["/v2/".Length..];
        if (rest.Length == 0)
        {
            return "";
        }
        if (rest.StartsWith("_catalog", StringComparison.Ordinal))
        {
            return "registry:catalog:*";
        }
        var end = RepositoryMarkers.Select(m => rest.IndexOf(m, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(rest.Length).Min();
        var repository = rest[..end];
        var read = method == HttpMethod.Get || method == HttpMethod.Head;
        var scope = $"repository:{repository}:{(read ? "pull" : "pull,push")}";
        var from = System.Web.HttpUtility.ParseQueryString(uri.Query)["from"];
        return from is null ? scope : $"{scope} repository:{from}:pull";
    }

    /// <summary>A <c>WWW-Authenticate: Bearer realm="…",service="…"[,scope="…"]</c> challenge.</summary>
    private sealed record Challenge(string Realm, string Service, string? Scope)
    {
        public static Challenge? Parse(HttpResponseMessage response)
        {
            foreach (var header in response.Headers.WwwAuthenticate)
            {
                if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
                {
                    continue;
                }
                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(header.Parameter, "([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\""))
                {
                    values[m.Groups[1].Value] = m.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                }
                if (values.TryGetValue("realm", out var realm))
                {
                    return new Challenge(realm, values.GetValueOrDefault("service") ?? "", values.GetValueOrDefault("scope"));
                }
            }
            return null;
        }
    }
}
