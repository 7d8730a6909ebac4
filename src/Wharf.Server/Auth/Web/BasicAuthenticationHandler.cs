using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth.Web;

/// <summary>The <see cref="WharfSchemes.Basic"/> scheme: the request's <c>Authorization: Basic</c> credentials (a
/// password, a personal access token whose scope caps the principal, or a robot secret) checked by the same
/// <see cref="CredentialValidator"/> as <c>docker login</c>, so its throttle counts these failures too and its audit
/// log has them. A success is not audited: the API authenticates every call, and a login row per call would bury the
/// real logins. ASP.NET Core runs this once per request however often the result is asked for.</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CredentialValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!BasicCredentials.TryParse(header.ToString(), out var credentials))
        {
            return AuthenticateResult.Fail(new BasicLoginRefusal(
                "the Authorization header must be HTTP Basic: base64 of NAME:SECRET (a password, personal access token or robot secret)"));
        }

        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "";
        var login = await validator.ValidateAsync(credentials.User, credentials.Secret, address, auditSuccess: false, Context.RequestAborted);
        return login.Outcome switch
        {
            LoginOutcome.Success => AuthenticateResult.Success(new AuthenticationTicket(
                new System.Security.Claims.ClaimsPrincipal(new WharfIdentity(login.Principal!, WharfSchemes.Basic)), WharfSchemes.Basic)),
            LoginOutcome.Throttled => AuthenticateResult.Fail(new BasicLoginRefusal("logins are paused", login.RetryAfter)),
            _ => AuthenticateResult.Fail(new BasicLoginRefusal("invalid user name or secret")),
        };
    }

    /// <summary>A Basic challenge, for the rare caller that asks this scheme to challenge (the API answers its own 401s).</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"wharf\"";
        return Task.CompletedTask;
    }
}
