using Microsoft.Extensions.Options;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Oci;

/// <summary>Where every /v2 request is admitted or refused when <c>Auth:Enabled</c> (docs/spec/auth/token.md): it needs
/// a valid access token for this service granting the route's action (<see cref="OciAccess"/>). Refusals:
/// <list type="bullet">
/// <item>no token, or one that is invalid → 401 UNAUTHORIZED with a Bearer challenge naming the scope to ask for;</item>
/// <item>a token not issued for this repository, or an anonymous one → 401 with <c>error="insufficient_scope"</c>,
/// since a new token (or logging in) may get more;</item>
/// <item>an account's token issued for this repository without the action, when the account may not do it → 403
/// DENIED: asking the token server again would not change its answer.</item>
/// </list>
/// What each endpoint needs is <see cref="OciCaller.Admits"/>: the base endpoint only a valid token (an anonymous one
/// will do), which is what <c>docker login</c> checks; the catalog <c>registry:catalog:*</c> (then filtered per caller
/// by its handler).</summary>
internal static class OciGate
{
    public static async Task<OciCaller> AdmitAsync(OciRequest r)
    {
        var options = r.Service<IOptions<AuthOptions>>().Value;
        if (!options.Enabled)
        {
            return OciCaller.Unrestricted;
        }

        var endpoint = r.Route.Endpoint;
        var needed = OciAccess.Required(endpoint, r.Request.Method);
        var presented = BearerToken(r.Request);
        var token = presented is null ? null : await r.Service<TokenValidator>().ValidateAsync(presented, options.Service, r.Ct);
        if (token is null)
        {
            throw Refuse(r, options, needed, presented is null ? null : BearerChallenge.InvalidToken,
                presented is null ? "log in to the registry; requests need an access token" : "the access token is invalid or has expired");
        }

        if (!token.IsAnonymous && !await r.Service<ActiveAccounts>().IsActiveAsync(token.Subject, r.Ct))
        {
            // A disabled or deleted account's tokens end now, not when they expire (decision 015).
            throw Refuse(r, options, needed, BearerChallenge.InvalidToken, "the account this access token was issued to is disabled or gone");
        }

        var caller = OciCaller.With(token);
        if (caller.Admits(r.Route, r.Request.Method))
        {
            return caller;
        }

        if (endpoint == OciEndpoint.Catalog)
        {
            throw Refuse(r, options, needed, BearerChallenge.InsufficientScope, "the access token does not grant registry:catalog:*");
        }

        if (!token.IsAnonymous && token.Mentions(r.Name.Value) && !await AccountMayAsync(r, token.Subject, needed))
        {
            throw new RegistryException(OciErrorCode.Denied, $"{token.Subject} may not {Verb(needed)} {r.Name}");
        }

        throw Refuse(r, options, needed, BearerChallenge.InsufficientScope, $"the access token does not grant {Verb(needed)} on {r.Name}");
    }

    /// <summary>Only on the refusal path: whether the account itself may, so that a token that merely asked for less
    /// (pull only, then a push) gets a challenge to ask again rather than a final 403.</summary>
    private static async Task<bool> AccountMayAsync(OciRequest r, string account, RepositoryAction needed)
    {
        return await r.Service<IAccountStore>().FindPrincipalAsync(account, null, r.Ct) is { } principal
            && (await r.Service<RepositoryRights>().DecideAsync(principal, r.Name.Value, r.Ct)).HasFlag(needed);
    }

    /// <summary>RFC 6750 §2.1: <c>Authorization: Bearer &lt;token&gt;</c>, the scheme case-insensitive.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static RegistryException Refuse(OciRequest r, AuthOptions options, RepositoryAction needed, string? error, string detail)
    {
        var realm = BearerChallenge.RealmFor(r.Request, options);
        r.Response.Headers.WWWAuthenticate = r.Route.Endpoint switch
        {
            OciEndpoint.Base => BearerChallenge.Build(realm, options.Service, [], error),
            OciEndpoint.Catalog => BearerChallenge.Build(realm, options.Service, [ScopeRequest.Catalog], error),
            // docker asks for "pull,push" before a push; asking for pull with push is what every client expects.
            _ => BearerChallenge.Build(realm, options.Service, ScopesFor(r, needed), error),
        };
        return new RegistryException(OciErrorCode.Unauthorized, detail);
    }

    /// <summary>The route's repository, and for a cross-repository mount also pull on its source, as Distribution asks:
    /// a client that follows the challenge then holds a token that can mount.</summary>
    private static IEnumerable<ScopeRequest> ScopesFor(OciRequest r, RepositoryAction needed)
    {
        yield return ScopeRequest.ForRepository(r.Name.Value, needed.HasFlag(RepositoryAction.Push) ? needed | RepositoryAction.Pull : needed);
        if (r.Route.Endpoint == OciEndpoint.UploadStart && r.Request.Query.ContainsKey("mount")
            && RepositoryName.TryParse(r.Request.Query["from"].ToString(), out var from) && from != r.Name)
        {
            yield return ScopeRequest.ForRepository(from.Value, RepositoryAction.Pull);
        }
    }

    private static string Verb(RepositoryAction needed) => needed switch
    {
        RepositoryAction.Push => "push to",
        RepositoryAction.Delete => "delete from",
        _ => "pull from",
    };
}
