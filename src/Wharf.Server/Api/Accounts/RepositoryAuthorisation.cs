using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>The check of the endpoints that manage one repository's grants and visibility, decided by
/// <see cref="RepositoryRights"/> (the same answer the token endpoint gives).</summary>
internal static class RepositoryAuthorisation
{
    /// <summary>"Repo admin": the caller may delete there (namespace owner, organisation admin, server admin or an
    /// <c>admin</c> grant), capped by its token. 401 for anonymous, 403 otherwise.</summary>
    public static async Task RequireAdminAsync(ApiCaller caller, string repository, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireAccount();
        if (!await rights.AdministersAsync(caller.Principal, repository, ct))
        {
            throw ApiCaller.Forbidden($"only an administrator of '{repository}' can manage its access");
        }
    }
}
