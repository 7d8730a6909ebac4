namespace Wharf.Registry.Auth;

/// <summary>The actions of the Docker token scope <c>repository:NAME:ACTIONS</c>.</summary>
[Flags]
public enum RepositoryAction
{
    None = 0,
    Pull = 1,
    Push = 2,
    Delete = 4,
    All = Pull | Push | Delete,
}
