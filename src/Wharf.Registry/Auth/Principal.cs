namespace Wharf.Registry.Auth;

/// <summary>Who is asking, with everything <see cref="AccessPolicy"/> needs to decide: the account, the organisations it
/// has a role in (through its teams), the repositories granted to it or its teams, and the cap of the token it used.
/// <see cref="Anonymous"/> is nobody.</summary>
/// <param name="Name">The account name (<c>alice</c>, <c>acme+ci</c>); empty for anonymous.</param>
/// <param name="OrganisationRoles">Organisation name → the strongest role any of the account's teams has there.</param>
/// <param name="RepositoryGrants">Repository name → the strongest grant to the account or any of its teams.</param>
/// <param name="TokenScope">The scope of the personal access token authenticated with; null for a password.</param>
public sealed record Principal(
    string Name,
    AccountKind Kind,
    bool IsAdmin,
    IReadOnlyDictionary<string, OrganisationRole> OrganisationRoles,
    IReadOnlyDictionary<string, RepositoryAccess> RepositoryGrants,
    TokenScope? TokenScope = null)
{
    public static Principal Anonymous { get; } = new("", AccountKind.User, false, new Dictionary<string, OrganisationRole>(), new Dictionary<string, RepositoryAccess>());

    public bool IsAnonymous => Name.Length == 0;
}
