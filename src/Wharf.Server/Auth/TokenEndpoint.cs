using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Wharf.Registry.Auth;
using Wharf.Server.Observability;

namespace Wharf.Server.Auth;

/// <summary><c>GET|POST /auth/token</c>: the token service of distribution token.md and oauth.md. Authenticates the
/// caller (HTTP Basic on GET, anonymous without it; the OAuth2 password or refresh-token grant on POST), then grants
/// for each requested scope the intersection of what was asked and what <see cref="TokenEndpointServices.Decide"/>
/// allows, never an error for asking too much (token.md: "it must not be considered an error"): a repository the
/// caller has nothing on is in the token with no actions. Bad credentials → 401, a malformed request → 400, both with
/// <see cref="TokenErrorBody"/>; never a 500 for bad input. Nothing here logs: the request carries secrets.</summary>
public static class TokenEndpoint
{
    public const string Path = "/auth/token";

    public static async Task<IResult> HandleAsync(HttpContext http, TokenEndpointServices services, CancellationToken ct)
    {
        // RFC 6749 §5.1: token responses, errors included, must not be cached.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        var isForm = HttpMethods.IsPost(http.Request.Method);
        if (!isForm && !HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }

        TokenGrant? grant = null;
        try
        {
            var request = isForm
                ? TokenRequest.FromForm(await ReadFormAsync(http, ct), services.Options.Service)
                : TokenRequest.FromQuery(http.Request.Query, http.Request.Headers.Authorization, services.Options.Service);
            if (request.Service != services.Options.Service)
            {
                throw TokenRequestException.InvalidRequest($"this token service issues tokens for the service '{services.Options.Service}' only");
            }

            grant = request.Grant;
            var principal = await AuthenticateAsync(http, request, services, ct);
            var access = await GrantAsync(principal, request.Scopes, services, ct);
            var issued = await services.Issuer.IssueAsync(principal.Name, request.Service, access, ct);
            // oauth.md: a refresh grant returns the same refresh token, never a new one. Only the OAuth2 POST's
            // access_type=offline gets a new one: the GET's offline_token=true is what `docker login` sends, and the
            // identity token docker would store makes podman's and skopeo's login to the same host fail ("auth file
            // contains an Identity token"). Docker Hub and Harbor answer docker login without one, so docker keeps
            // the credentials instead (decision 012).
            var refreshToken = request.Grant == TokenGrant.RefreshToken
                ? request.Secret
                : request.Offline && isForm && !principal.IsAnonymous ? await services.CreateRefreshToken(principal, ct) : null;
            var scope = isForm ? string.Join(' ', access.Where(a => a.Actions.Count > 0)) : null;
            var body = new TokenResponse(
                issued.Token,
                issued.Token,
                issued.ExpiresIn,
                issued.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                refreshToken,
                scope);
            ServerMetrics.TokenRequest(grant, "issued");
            return Results.Json(body, AuthJsonContext.Default.TokenResponse);
        }
        catch (TokenRequestException e)
        {
            if (e.Status == StatusCodes.Status401Unauthorized && !isForm)
            {
                // RFC 9110 §15.5.2: a 401 says how to authenticate; here, with Basic credentials.
                http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{services.Options.Service}\"";
            }

            if (e.RetryAfter is { } retryAfter)
            {
                // RFC 6585 §4; the seconds rounded up, so a client that waits exactly this long is let in.
                http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // containerd prints only the status line ("unexpected status: 429 …"), so that line says it too.
                if (http.Features.Get<IHttpResponseFeature>() is { } response)
                {
                    response.ReasonPhrase = $"Too Many Requests: logins paused after failed attempts, retry in {(long)Math.Ceiling(retryAfter.TotalSeconds)} s";
                }
            }

            ServerMetrics.TokenRequest(grant, e.Error);
            return Results.Json(TokenErrorBody.From(e, http.TraceIdentifier), AuthJsonContext.Default.TokenErrorBody, statusCode: e.Status);
        }
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            throw TokenRequestException.InvalidRequest("the OAuth2 token request is an application/x-www-form-urlencoded form");
        }

        // RFC 6749 appendix B: the form is UTF-8. Any other charset is refused here rather than left to the form
        // reader, which throws its own exceptions for unknown ones (and for UTF-7, which .NET will not decode).
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.Charset.HasValue
            && HeaderUtilities.RemoveQuotes(type.Charset) is var charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            throw TokenRequestException.InvalidRequest("the form must be UTF-8 (RFC 6749 appendix B)");
        }

        try
        {
            return await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw TokenRequestException.InvalidRequest("the form could not be read");
        }
    }

    private static async Task<Principal> AuthenticateAsync(HttpContext http, TokenRequest request, TokenEndpointServices services, CancellationToken ct)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "";
        switch (request.Grant)
        {
            case TokenGrant.Password:
                var login = await services.Authenticate(request.Username!, request.Secret!, client, ct);
                return login.Outcome switch
                {
                    LoginOutcome.Success => login.Principal!,
                    LoginOutcome.Throttled => throw TokenRequestException.Throttled(login.RetryAfter),
                    _ => throw TokenRequestException.InvalidGrant("invalid username or password"),
                };
            case TokenGrant.RefreshToken:
                return await services.RedeemRefreshToken(request.Secret!, ct) ?? throw TokenRequestException.InvalidGrant("the refresh token is not valid");
            default:
                return Principal.Anonymous;
        }
    }

    /// <summary>One entry per requested resource (scopes for the same one merged, in the order asked): a repository
    /// gets the asked actions the caller has; <c>registry:catalog:*</c> is granted to anyone who may pull at all,
    /// since the listing itself is filtered per repository; other resources are left out.</summary>
    private static async Task<List<GrantedAccess>> GrantAsync(Principal principal, IReadOnlyList<ScopeRequest> scopes, TokenEndpointServices services, CancellationToken ct)
    {
        var granted = new List<GrantedAccess>();
        foreach (var resource in scopes.GroupBy(s => (s.Type, s.Name)))
        {
            var (type, name) = resource.Key;
            if (type == ScopeRequest.RepositoryType)
            {
                var asked = resource.Aggregate(RepositoryAction.None, (all, s) => all | s.RepositoryActions);
                var allowed = asked == RepositoryAction.None ? RepositoryAction.None : await services.Decide(principal, name, ct);
                granted.Add(GrantedAccess.Repository(name, asked & allowed));
            }
            else if (type == ScopeRequest.RegistryType && name == ScopeRequest.CatalogName)
            {
                var catalog = resource.Any(s => s.Actions.Contains(GrantedAccess.Wildcard))
                    && (!principal.IsAnonymous || services.Options.AnonymousPull);
                granted.Add(new GrantedAccess(type, name, catalog ? [GrantedAccess.Wildcard] : []));
            }
        }

        return granted;
    }
}
