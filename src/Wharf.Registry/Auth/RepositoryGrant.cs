namespace Wharf.Registry.Auth;

/// <summary>One grant on a repository: to an account or a team, with an access level.</summary>
public sealed record RepositoryGrant(string Repository, Grantee Grantee, RepositoryAccess Access);
