using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Oci;

/// <summary>Who a /v2 request was admitted as. Only <see cref="OciGate"/> makes one that grants anything: the access
/// token it validated, or <see cref="Unrestricted"/> when <c>Auth:Enabled</c> is off. Anything else is
/// <see cref="Nobody"/>, which grants nothing, so a request that skipped the gate by mistake is refused, not served.</summary>
internal sealed class OciCaller
{
    private readonly bool _unrestricted;

    private OciCaller(ValidatedToken? token, bool unrestricted)
    {
        Token = token;
        _unrestricted = unrestricted;
    }

    /// <summary>Auth is off: anyone who reaches the registry may do anything.</summary>
    public static OciCaller Unrestricted { get; } = new(null, unrestricted: true);

    /// <summary>Not admitted: grants nothing, lists nothing.</summary>
    public static OciCaller Nobody { get; } = new(null, unrestricted: false);

    /// <summary>The access token the request presented (auth on), or null.</summary>
    public ValidatedToken? Token { get; }

    public bool IsUnrestricted => _unrestricted;

    /// <summary>The account name for the audit log; empty for anonymous, when auth is off or when not admitted.</summary>
    public string Name => Token?.Subject ?? "";

    public static OciCaller With(ValidatedToken token) => new(token, unrestricted: false);

    public bool May(string repository, RepositoryAction actions) => _unrestricted || (Token?.Grants(repository, actions) ?? false);

    /// <summary>The one admission rule, asked by the gate (to admit or challenge) and again by the dispatcher before any
    /// handler runs: the base endpoint takes any valid token (what <c>docker login</c> checks), the catalog needs
    /// <c>registry:catalog:*</c> as Distribution does, every other endpoint the action <see cref="OciAccess"/> names.</summary>
    public bool Admits(OciRoute route, string method) => route.Endpoint switch
    {
        _ when _unrestricted => true,
        OciEndpoint.Base => Token is not null,
        OciEndpoint.Catalog => Token?.GrantsCatalog ?? false,
        _ => May(route.Name.Value, OciAccess.Required(route.Endpoint, method)),
    };
}
