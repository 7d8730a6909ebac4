namespace Wharf.Registry.Auth;

/// <summary>A grant on one repository, to a user, robot or team: <c>read</c> = pull, <c>write</c> = pull+push,
/// <c>admin</c> = pull+push+delete.</summary>
public enum RepositoryAccess
{
    Read,
    Write,
    Admin,
}
