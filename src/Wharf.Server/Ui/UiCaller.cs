using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Server.Auth.Web;
using Wharf.Server.Options;

namespace Wharf.Server.Ui;

/// <summary>Who is looking at a page, as the pages ask it: the principal the request authenticated as (a session or Basic
/// credentials, through <see cref="WharfSchemes.Caller"/>), and whether this registry has accounts at all.</summary>
internal static class UiCaller
{
    public static bool AccountsEnabled(HttpContext? http) =>
        http?.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled ?? false;

    public static Principal PrincipalOf(HttpContext? http) => WharfIdentity.PrincipalOf(http?.User);

    /// <summary>The principal to decide what the caller may see; null when the registry has no access control.</summary>
    public static Principal? ForVisibility(HttpContext? http) => AccountsEnabled(http) ? PrincipalOf(http) : null;
}
