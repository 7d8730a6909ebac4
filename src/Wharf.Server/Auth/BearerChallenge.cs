using System.Text;
using Wharf.Registry.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>The <c>WWW-Authenticate</c> value of a registry 401 (distribution docs/spec/auth/token.md, RFC 6750 §3):
/// <c>Bearer realm="…",service="…",scope="repository:team/app:pull,push"</c>, with <c>error="insufficient_scope"</c>
/// when a token was presented but lacks the scope, or <c>error="invalid_token"</c> when it was no good (Distribution
/// adds both the same way). Named apart from the client's parser, <c>Wharf.Oci.Client.AuthChallenge</c>.</summary>
public static class BearerChallenge
{
    /// <summary>RFC 6750 §3.1: the token is expired, revoked, malformed or otherwise invalid.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>RFC 6750 §3.1: the token is valid but does not grant what the request needs.</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>The challenge for the scopes a request needs; no <c>scope</c> parameter when there are none (the base
    /// endpoint <c>/v2/</c>). Several scopes are space-separated in one parameter (scope.md's scope list).</summary>
    /// <param name="realm">The token endpoint's absolute URL.</param>
    /// <param name="error">Null, <see cref="InvalidToken"/> or <see cref="InsufficientScope"/>.</param>
    /// <exception cref="ArgumentException">A value holds a control or non-ASCII character, which no header may carry;
    /// scopes from <see cref="ScopeRequest"/> and validated options never do.</exception>
    public static string Build(string realm, string service, IEnumerable<ScopeRequest> scopes, string? error = null)
    {
        var header = new StringBuilder("Bearer ");
        Append(header, "realm", realm);
        header.Append(',');
        Append(header, "service", service);
        var scope = string.Join(' ', scopes);
        if (scope.Length > 0)
        {
            header.Append(',');
            Append(header, "scope", scope);
        }

        if (error is not null)
        {
            header.Append(',');
            Append(header, "error", error);
        }

        return header.ToString();
    }

    /// <summary>The challenge for one repository and the actions the request needs, e.g.
    /// <c>ForRepository(realm, service, "team/app", Pull | Push)</c> → <c>…,scope="repository:team/app:pull,push"</c>.</summary>
    public static string ForRepository(string realm, string service, string repository, RepositoryAction actions, string? error = null) =>
        Build(realm, service, [ScopeRequest.ForRepository(repository, actions)], error);

    /// <summary>The realm for a request: <c>Auth:Realm</c> when set (a proxy rewrites hosts), else the token
    /// endpoint on the scheme, host and path base the client used.</summary>
    public static string RealmFor(HttpRequest request, AuthOptions options) =>
        options.Realm is { Length: > 0 } realm ? realm : $"{request.Scheme}://{request.Host}{request.PathBase}{TokenEndpoint.Path}";

    /// <summary>RFC 9110 §5.6.4 quoted-string: backslash before <c>"</c> and <c>\</c>.</summary>
    private static void Append(StringBuilder header, string name, string value)
    {
        header.Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"the {name} of a challenge must be printable ASCII", nameof(value));
            }

            if (c is '"' or '\\')
            {
                header.Append('\\');
            }

            header.Append(c);
        }

        header.Append('"');
    }
}
