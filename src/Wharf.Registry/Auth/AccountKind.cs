namespace Wharf.Registry.Auth;

/// <summary>What an account is. All kinds share one namespace of names (decision 007).</summary>
public enum AccountKind
{
    User,
    Organisation,

    /// <summary>A machine account owned by an organisation, named <c>ORG+NAME</c>.</summary>
    Robot,
}
