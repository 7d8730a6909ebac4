using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth.Web;

/// <summary>Opens and closes a web UI session (decision 026). A session opens only with a user's password, checked by
/// the same <see cref="CredentialValidator"/> as <c>docker login</c> (its throttle, its failure audit), and a success
/// is audited as the token endpoint audits one. Personal access tokens and robot secrets do not open sessions: they are
/// made for machines and scripts, and a session is a person at a browser (Docker Hub does the same).</summary>
internal static class SessionSignIn
{
    /// <summary>What the sign-in page says: null when the session is open, else a sentence for the person.</summary>
    public static async Task<string?> SignInAsync(HttpContext http, string? user, string? password)
    {
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            return "Enter your user name and password.";
        }

        var services = http.RequestServices;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
        var ct = http.RequestAborted;
        var login = await services.GetRequiredService<CredentialValidator>().ValidateAsync(user, password, address, auditSuccess: false, ct);
        if (login.Outcome == LoginOutcome.Throttled)
        {
            return $"Logins for this account or address are paused after failed attempts; try again in {RetryWait.Describe(login.RetryAfter)}.";
        }

        if (!login.Succeeded)
        {
            // One answer for a wrong name and a wrong password: which one was wrong is the guesser's business.
            return "Invalid user name or password.";
        }

        // LoginResult.How names what the secret was: "password", or a token or robot secret.
        if (login.How != "password" || login.Principal.Kind != AccountKind.User)
        {
            return "Personal access tokens and robot secrets do not sign in here; sign in with your password.";
        }

        if (await services.GetRequiredService<IAccountStore>().FindPasswordHashAsync(login.Principal.Name, ct) is not { } hash)
        {
            return "Invalid user name or password."; // disabled or deleted between the check and now
        }

        services.GetRequiredService<AuditTrail>().Record(login.Principal.Name, AuditActions.Login, login.Principal.Name, "password, web UI", address);
        var identity = new WharfIdentity(login.Principal, WharfSchemes.Session, SessionStamp.Of(hash));
        await http.SignInAsync(WharfSchemes.Session, new ClaimsPrincipal(identity));
        return null;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(WharfSchemes.Session);

    /// <summary>After the person changed their own password on a page: a new cookie with the new password's stamp, so
    /// this session goes on while every other session of the account (another browser, a stolen cookie) ends. Nothing
    /// for a request that came with Basic credentials rather than a session.</summary>
    public static async Task RenewAsync(HttpContext http)
    {
        if (http.User.Identity is not WharfIdentity { AuthenticationType: WharfSchemes.Session } session)
        {
            return;
        }

        var ct = http.RequestAborted;
        var store = http.RequestServices.GetRequiredService<IAccountStore>();
        if (await store.FindPasswordHashAsync(session.Principal.Name, ct) is { } hash)
        {
            var identity = new WharfIdentity(session.Principal, WharfSchemes.Session, SessionStamp.Of(hash));
            await http.SignInAsync(WharfSchemes.Session, new ClaimsPrincipal(identity));
        }
    }

    /// <summary><paramref name="returnUrl"/> when it is a path on this server, else the home page: a sign-in link from
    /// elsewhere must not send a person on to another site (an open redirect).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\r') && !url.Contains('\n')
            ? url
            : "/";
}
