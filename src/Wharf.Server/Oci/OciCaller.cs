using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Oci;

/// <summary>Who a /v2 request was admitted as: the access token it presented, or <see cref="Unrestricted"/> when
/// <c>Auth:Enabled</c> is off. Handlers ask it about repositories other than the route's (a mount's source).</summary>
internal sealed record OciCaller(ValidatedToken? Token)
{
    public static OciCaller Unrestricted { get; } = new((ValidatedToken?)null);

    /// <summary>The account name for the audit log; empty for anonymous or when auth is off.</summary>
    public string Name => Token?.Subject ?? "";

    public bool May(string repository, RepositoryAction actions) => Token is null || Token.Grants(repository, actions);
}
