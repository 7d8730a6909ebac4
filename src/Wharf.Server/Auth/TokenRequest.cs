using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Wharf.Server.Auth;

/// <summary>A request to the token endpoint, parsed from either of its forms: the GET of distribution token.md
/// (query <c>service</c>, <c>scope</c> repeated, <c>account</c>, <c>offline_token</c>, <c>client_id</c>, credentials
/// as HTTP Basic) or the OAuth2 POST of oauth.md (form <c>grant_type</c>, <c>username</c>, <c>password</c>,
/// <c>refresh_token</c>, <c>scope</c> space-separated, <c>service</c>, <c>client_id</c>, <c>access_type</c>).</summary>
/// <param name="Service">The audience asked for; the endpoint's own service when the request names none.</param>
/// <param name="Username">The account name for <see cref="TokenGrant.Password"/>; null otherwise.</param>
/// <param name="Secret">The password or personal access token, or the refresh token. Never logged (see
/// <see cref="ToString"/>).</param>
/// <param name="Offline">A refresh token is asked for (<c>offline_token=true</c>, <c>access_type=offline</c>); the
/// endpoint grants one only to the POST (decision 012).</param>
/// <param name="ClientId">What the client calls itself, for auditing only (oauth.md: need not be registered).</param>
public sealed record TokenRequest(
    TokenGrant Grant, string Service, IReadOnlyList<ScopeRequest> Scopes, string? Username, string? Secret, bool Offline, string? ClientId)
{
    public override string ToString() =>
        $"TokenRequest {{ Grant = {Grant}, Service = {Service}, Scopes = [{string.Join(' ', Scopes)}], Username = {Username}, Offline = {Offline}, ClientId = {ClientId} }}";

    /// <summary>The GET form. <c>account</c> is accepted and ignored: the Basic credentials say who is asking.</summary>
    /// <exception cref="TokenRequestException">Malformed: a repeated single-valued parameter, a bad scope, an
    /// <c>offline_token</c> that is not a boolean, an <c>Authorization</c> header that is not decodable Basic.</exception>
    public static TokenRequest FromQuery(IQueryCollection query, string? authorization, string defaultService)
    {
        var offline = Single(query["offline_token"], "offline_token") switch
        {
            null => false,
            var text when bool.TryParse(text, out var value) => value,
            // Distribution parses it with Go's strconv.ParseBool, which also takes these.
            "1" or "t" or "T" => true,
            "0" or "f" or "F" => false,
            _ => throw TokenRequestException.InvalidRequest("offline_token must be true or false"),
        };
        _ = Single(query["account"], "account");
        var (user, password) = authorization is { Length: > 0 } ? Basic(authorization) : (null, null);
        return new TokenRequest(
            user is null ? TokenGrant.Anonymous : TokenGrant.Password,
            Single(query["service"], "service") ?? defaultService,
            ParseScopes(query["scope"]),
            user,
            password,
            offline,
            CheckClientId(Single(query["client_id"], "client_id")));
    }

    /// <summary>The OAuth2 POST form.</summary>
    /// <exception cref="TokenRequestException">Malformed (<c>invalid_request</c>, <c>invalid_scope</c>) or an unknown
    /// grant type (<c>unsupported_grant_type</c>).</exception>
    public static TokenRequest FromForm(IFormCollection form, string defaultService)
    {
        var offline = Single(form["access_type"], "access_type") switch
        {
            null or "online" => false,
            "offline" => true,
            _ => throw TokenRequestException.InvalidRequest("access_type must be online or offline"),
        };
        var (grant, user, secret) = Single(form["grant_type"], "grant_type") switch
        {
            null => throw TokenRequestException.InvalidRequest("grant_type is required: password or refresh_token"),
            "password" => (TokenGrant.Password,
                Required(form, "username", "grant_type=password needs username and password"),
                Required(form, "password", "grant_type=password needs username and password")),
            "refresh_token" => (TokenGrant.RefreshToken, null, Required(form, "refresh_token", "grant_type=refresh_token needs refresh_token")),
            _ => throw TokenRequestException.UnsupportedGrantType("grant_type must be password or refresh_token"),
        };
        return new TokenRequest(grant, Single(form["service"], "service") ?? defaultService, ParseScopes(form["scope"]), user, secret, offline, CheckClientId(Single(form["client_id"], "client_id")));
    }

    private static IReadOnlyList<ScopeRequest> ParseScopes(StringValues values)
    {
        try
        {
            return ScopeRequest.Parse(values);
        }
        catch (FormatException e)
        {
            throw TokenRequestException.InvalidScope(e.Message);
        }
    }

    /// <summary>RFC 6749 §3.1: parameters must not be sent more than once; an empty value counts as absent.</summary>
    private static string? Single(StringValues values, string name) =>
        values.Count > 1
            ? throw TokenRequestException.InvalidRequest($"{name} must be given once")
            : values.ToString() is { Length: > 0 } value ? value : null;

    private static string Required(IFormCollection form, string name, string description) =>
        Single(form[name], name) ?? throw TokenRequestException.InvalidRequest(description);

    /// <summary>RFC 6749 Appendix A.1: client_id is printable ASCII (VSCHAR).</summary>
    private static string? CheckClientId(string? value) =>
        value is null || value.All(c => c is >= ' ' and <= '~')
            ? value
            : throw TokenRequestException.InvalidRequest("client_id must be printable ASCII");

    /// <summary>RFC 7617: <c>Basic base64(user:password)</c>, UTF-8. A header that is not that is a malformed request,
    /// not wrong credentials; the description never repeats it.</summary>
    private static (string User, string Password) Basic(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            throw TokenRequestException.InvalidRequest("the token endpoint takes HTTP Basic credentials only");
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw TokenRequestException.InvalidRequest("the Basic credentials are not base64 of UTF-8 user:password");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            ? (decoded[..colon], decoded[(colon + 1)..])
            : throw TokenRequestException.InvalidRequest("the Basic credentials name no user");
    }
}
