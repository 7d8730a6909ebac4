using Microsoft.AspNetCore.Authentication;
using Wharf.Registry.Auth;
using Wharf.Server.Auth.Web;

namespace Wharf.Server.Api.Accounts;

/// <summary>Who is calling the management API: the principal of the request's <c>Authorization: Basic</c> credentials
/// (a password, a personal access token whose scope caps it, or a robot secret) or of the web UI's session cookie, or
/// anonymous without either (decision 026),
/// and the client address for the throttle and the audit log. The <c>Require…</c> checks throw
/// <see cref="ApiProblemException"/> with 401 (no account) or 403 (not allowed).</summary>
internal sealed record ApiCaller(Principal Principal, string ClientAddress)
{
    private static readonly object ItemKey = new();

    public string Name => Principal.Name;

    public bool IsAnonymous => Principal.IsAnonymous;

    public bool IsAdmin => !IsAnonymous && Principal.IsAdmin;

    /// <summary>The caller <see cref="ApiAuthenticationFilter"/> resolved for this request.</summary>
    public static ApiCaller Of(HttpContext http) =>
        http.Items[ItemKey] as ApiCaller ?? throw new InvalidOperationException("the API authentication filter did not run for this endpoint");

    /// <summary>Resolves the caller of <paramref name="http"/> through <see cref="WharfSchemes.Caller"/>: HTTP Basic
    /// credentials when the request has an <c>Authorization</c> header, else the UI's session cookie, else anonymous. A
    /// problem (401 or 429) for credentials that are wrong, malformed or throttled; a session that ended (a disabled
    /// account, a changed password) is simply anonymous. Each call with Basic credentials is a login, counted by the
    /// throttle, once per request however often it is asked.</summary>
    public static async Task<(ApiCaller? Caller, ApiProblem? Refusal)> AuthenticateAsync(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
        var result = await http.AuthenticateAsync(WharfSchemes.Caller);
        return result switch
        {
            { Succeeded: true } => (new ApiCaller(WharfIdentity.PrincipalOf(result.Principal), address), null),
            { Failure: BasicLoginRefusal { RetryAfter: { } wait } } => (null, ApiProblem.Throttled(wait)),
            { Failure: BasicLoginRefusal refusal } => (null, ApiProblem.Unauthorized(refusal.Message)),
            _ => (new ApiCaller(Principal.Anonymous, address), null),
        };
    }

    public void AttachTo(HttpContext http) => http.Items[ItemKey] = this;

    /// <summary>Whether this caller may change accounts, teams, grants or tokens: logged in with a password (or a robot
    /// secret), or with a personal access token of the full scope (<c>delete</c>). A narrower token only reads.</summary>
    public bool MayChange => !IsAnonymous && Principal.TokenScope is null or TokenScope.Delete;

    public bool IsOrganisationMember(string organisation) => IsAdmin || Principal.OrganisationRoles.ContainsKey(organisation);

    public bool IsOrganisationAdmin(string organisation) =>
        IsAdmin || (Principal.OrganisationRoles.TryGetValue(organisation, out var role) && role == OrganisationRole.Admin);

    public void RequireAccount()
    {
        if (IsAnonymous)
        {
            throw new ApiProblemException(ApiProblem.Unauthorized("this needs an account: send HTTP Basic credentials"));
        }
    }

    public void RequireUser()
    {
        RequireAccount();
        if (Principal.Kind != AccountKind.User)
        {
            throw Forbidden("only a user account can do this, not a robot");
        }
    }

    /// <summary>An account allowed to make changes (see <see cref="MayChange"/>).</summary>
    public void RequireChangeRights()
    {
        RequireAccount();
        if (!MayChange)
        {
            throw Forbidden("this personal access token's scope only reads; changes need a password or a token of scope 'delete'");
        }
    }

    public void RequireAdmin()
    {
        RequireAccount();
        if (!IsAdmin)
        {
            throw Forbidden("only a server administrator can do this");
        }
    }

    public void RequireOrganisationAdmin(string organisation)
    {
        RequireAccount();
        if (!IsOrganisationAdmin(organisation))
        {
            throw Forbidden($"only an administrator of the organisation '{organisation}' can do this");
        }
    }

    /// <summary>Appends a change to the audit log with this caller as the actor. Never pass a secret.</summary>
    public Task AuditAsync(IAccountStore store, string action, string target, string? detail, CancellationToken ct) =>
        store.AppendAuditAsync(Name, action, target, detail, ClientAddress, ct);

    public static ApiProblemException Forbidden(string detail) => new(ApiProblem.Forbidden(detail));
}
