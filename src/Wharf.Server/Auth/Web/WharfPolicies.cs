using Microsoft.AspNetCore.Authorization;

namespace Wharf.Server.Auth.Web;

/// <summary>The authorization policies the UI's pages (and any endpoint that wants one) name, defined once. Both ask
/// <see cref="WharfSchemes.Caller"/>, so a page is open to a session cookie or Basic credentials alike; a page's own
/// data is still decided by <c>AccessPolicy</c>, these only say who may open it.</summary>
internal static class WharfPolicies
{
    /// <summary>Any account that is signed in (or sent Basic credentials).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>A server administrator.</summary>
    public const string ServerAdmin = "server-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, policy => policy
            .AddAuthenticationSchemes(WharfSchemes.Caller)
            .RequireAssertion(context => !WharfIdentity.PrincipalOf(context.User).IsAnonymous));
        options.AddPolicy(ServerAdmin, policy => policy
            .AddAuthenticationSchemes(WharfSchemes.Caller)
            .RequireAssertion(context => WharfIdentity.PrincipalOf(context.User) is { IsAnonymous: false, IsAdmin: true }));
    }
}
