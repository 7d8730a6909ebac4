namespace Wharf.Registry.Auth;

/// <summary>Who a repository grant is to: an account (user or robot), or a team of an organisation.</summary>
/// <param name="Name">The account name, or the team's name within <paramref name="Organisation"/>.</param>
/// <param name="Organisation">The team's organisation; null for an account.</param>
public readonly record struct Grantee(string Name, string? Organisation)
{
    public static Grantee Account(string name) => new(name, null);

    public static Grantee Team(string organisation, string team) => new(team, organisation);

    public bool IsTeam => Organisation is not null;

    /// <summary><c>alice</c>, <c>acme+ci</c>, or <c>acme/devs</c> for a team (no account name has a slash).</summary>
    public override string ToString() => IsTeam ? $"{Organisation}/{Name}" : Name;
}
