using System.Security.Claims;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth.Web;

/// <summary>The identity every scheme of <see cref="WharfSchemes"/> produces: the registry's <see cref="Principal"/>,
/// as the account is now, under a <see cref="ClaimsIdentity"/> that ASP.NET Core's authorization understands. Its claims
/// are what a session cookie keeps: the account name and the password stamp (<see cref="SessionStamp"/>); everything
/// else is read again from the account store for each request.</summary>
internal sealed class WharfIdentity : ClaimsIdentity
{
    public const string StampClaim = "wharf:stamp";

    public WharfIdentity(Principal principal, string authenticationType, string? stamp = null)
        : base(ClaimsOf(principal, stamp), authenticationType, ClaimTypes.Name, ClaimTypes.Role) => Principal = principal;

    public Principal Principal { get; }

    /// <summary>The registry principal of <paramref name="user"/>: the account a scheme authenticated, or anonymous.</summary>
    public static Principal PrincipalOf(ClaimsPrincipal? user) =>
        user?.Identities.OfType<WharfIdentity>().FirstOrDefault()?.Principal ?? Principal.Anonymous;

    private static IEnumerable<Claim> ClaimsOf(Principal principal, string? stamp)
    {
        yield return new Claim(ClaimTypes.Name, principal.Name);
        if (stamp is not null)
        {
            yield return new Claim(StampClaim, stamp);
        }
    }
}
