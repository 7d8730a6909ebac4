using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>What the caller may do to a repository, decided by <see cref="AccessPolicy"/> alone (the same answer the
/// token endpoint gives), for the endpoints that manage one repository's grants and visibility.</summary>
internal static class RepositoryAuthorisation
{
    public static async Task<RepositoryAction> ActionsAsync(ApiCaller caller, string repository, IAccountStore store, AccessPolicy policy, CancellationToken ct) =>
        policy.Decide(caller.Principal, repository, await store.IsPublicAsync(repository, ct));

    /// <summary>"Repo admin": the caller may delete there (namespace owner, organisation admin, server admin or an
    /// <c>admin</c> grant), capped by its token. 401 for anonymous, 403 otherwise.</summary>
    public static async Task RequireAdminAsync(ApiCaller caller, string repository, IAccountStore store, AccessPolicy policy, CancellationToken ct)
    {
        caller.RequireAccount();
        if (!(await ActionsAsync(caller, repository, store, policy, ct)).HasFlag(RepositoryAction.Delete))
        {
            throw ApiCaller.Forbidden($"only an administrator of '{repository}' can manage its access");
        }
    }
}
