namespace Wharf.Registry.Auth;

/// <summary>A team's role on its organisation: members pull every repository of it, admins may do everything there.</summary>
public enum OrganisationRole
{
    Member,
    Admin,
}
