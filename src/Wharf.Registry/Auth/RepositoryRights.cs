namespace Wharf.Registry.Auth;

/// <summary><see cref="AccessPolicy"/> with the one fact it needs from the database, the repository's visibility,
/// looked up: what the token endpoint, the registry's gate and the API ask when they hold a principal and a name.</summary>
public sealed class RepositoryRights(IAccountStore store, AccessPolicy policy)
{
    public async Task<RepositoryAction> DecideAsync(Principal who, string repository, CancellationToken ct) =>
        policy.Decide(who, repository, await store.IsPublicAsync(repository, ct));

    /// <summary>"Repo admin": may delete there (namespace owner, organisation admin, server admin or an <c>admin</c>
    /// grant), capped by the token's scope — who manages a repository's grants, visibility and webhooks.</summary>
    public async Task<bool> AdministersAsync(Principal who, string repository, CancellationToken ct) =>
        (await DecideAsync(who, repository, ct)).HasFlag(RepositoryAction.Delete);

    /// <summary>Administers every repository of the namespace by the namespace alone (<see cref="AccessPolicy.AdministersNamespace"/>).</summary>
    public static bool AdministersNamespace(Principal who, string space) => AccessPolicy.AdministersNamespace(who, space);
}
