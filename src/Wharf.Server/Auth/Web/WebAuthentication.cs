using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Server.Options;
using Wharf.Server.Ui;

namespace Wharf.Server.Auth.Web;

/// <summary>One authentication model for the JSON API and the web UI (decision 026): the <see cref="WharfSchemes"/>,
/// the session cookie's settings, the shared <see cref="WharfPolicies"/>, and the middleware that authenticates UI
/// requests. <c>/v2</c> and <c>/auth</c> keep their own (Bearer tokens, the token endpoint's login).</summary>
internal static class WebAuthentication
{
    /// <summary>How long a session lasts without a request; each request in its second half renews it.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(8);

    public const string SignInPath = "/sign-in";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<SessionCookieEvents>();
        services.AddAuthentication(options =>
            {
                // No default authenticate scheme: ASP.NET Core's own authentication middleware then authenticates
                // nothing, and only the paths Use below chooses are asked (never /v2 or the token endpoint).
                options.DefaultChallengeScheme = WharfSchemes.Caller;
                options.DefaultForbidScheme = WharfSchemes.Caller;
                options.DefaultSignInScheme = WharfSchemes.Session;
                options.DefaultSignOutScheme = WharfSchemes.Session;
            })
            .AddPolicyScheme(WharfSchemes.Caller, "Basic credentials, else the session cookie", options =>
                // Any Authorization header goes to Basic, which refuses one that is not Basic: a wrong header is an
                // error to report, never a reason to fall back to a cookie.
                options.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? WharfSchemes.Basic : WharfSchemes.Session)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(WharfSchemes.Basic, null)
            .AddCookie(WharfSchemes.Session, options =>
            {
                options.Cookie.Name = WharfSchemes.SessionCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure over HTTPS; a plain-HTTP registry (a lab, a test) still gets a session.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = SessionIdleTimeout;
                options.SlidingExpiration = true;
                options.LoginPath = SignInPath;
                options.ReturnUrlParameter = "returnUrl";
                options.EventsType = typeof(SessionCookieEvents);
            });
        services.AddAuthorization(WharfPolicies.Add);

        // The session cookie and the forms' antiforgery tokens are sealed with data protection keys kept in the database,
        // so a restart keeps sessions and every node opens what another sealed (decision 026).
        services.AddSingleton<SqlDataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName("wharf");
        services.AddOptions<KeyManagementOptions>().Configure<SqlDataProtectionKeyStore>((options, keys) =>
            options.XmlRepository = new DatabaseXmlRepository(keys));
    }

    /// <summary>Authenticates each UI request through <see cref="WharfSchemes.Caller"/> and makes the result the request's
    /// user (anonymous when it fails: a page then shows the sign-in link), then enforces the pages' policies. With
    /// <c>Auth:Enabled</c> off there are no accounts and nothing to authenticate.</summary>
    public static void Use(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            app.Use(async (context, next) =>
            {
                // Not /v2, /auth, /api, /metrics or the probes: a Basic header sent there (to the token endpoint, by a
                // monitoring system) is not a login to check twice or count; the API authenticates in its own filter.
                if (UiRequests.IsUi(context.Request)
                    && await context.AuthenticateAsync(WharfSchemes.Caller) is { Succeeded: true } result)
                {
                    context.User = result.Principal;
                }

                await next(context);
            });
        }

        app.UseAuthorization();
    }
}
