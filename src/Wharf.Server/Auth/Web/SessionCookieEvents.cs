using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Wharf.Registry.Auth;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Auth.Web;

/// <summary>What the <see cref="WharfSchemes.Session"/> cookie does beyond keeping a name and a stamp: each request reads
/// the account again, so a deleted or disabled account, or a changed password, ends the session at once (on every node:
/// the store is shared); and the JSON API is never redirected to the sign-in page but answered 401 or 403 as a problem.</summary>
internal sealed class SessionCookieEvents(IAccountStore store) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(WharfIdentity.StampClaim)?.Value;
        var ct = context.HttpContext.RequestAborted;
        // Only a user with a password signs in (decision 026), and a disabled one has no hash to read.
        var principal = name is { Length: > 0 } && stamp is not null && SessionStamp.Matches(stamp, await store.FindPasswordHashAsync(name, ct))
            ? await store.FindPrincipalAsync(name, null, ct)
            : null;
        if (principal is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(WharfSchemes.Session); // the browser forgets the cookie
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(new WharfIdentity(principal, WharfSchemes.Session, stamp)));
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        IsApi(context.Request)
            ? ApiProblem.Unauthorized("this needs an account: sign in, or send HTTP Basic credentials").ExecuteAsync(context.HttpContext)
            : base.RedirectToLogin(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            return ApiProblem.Forbidden("this account may not do this").ExecuteAsync(context.HttpContext);
        }

        // The page a signed-in account may not see (an administrator's page) answers 403 with a short page saying so: a
        // browser shows an empty 403 as an error of its own.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(ForbiddenPage, context.HttpContext.RequestAborted);
    }

    private static string ForbiddenPage =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><title>Forbidden · Wharf</title><link rel="stylesheet" href="{Ui.UiAssets.Url(Ui.UiAssets.Stylesheet)}" /></head>
        <body><main id="content"><h1>Forbidden</h1><p>Your account may not open this page.</p><p><a href="/">Repositories</a></p></main></body>
        </html>
        """;

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(AccountsApi.Prefix, StringComparison.Ordinal);
}
