namespace Wharf.Registry.Auth;

/// <summary><see cref="AccessPolicy"/> with the one fact it needs from the database, the repository's visibility,
/// looked up: what the token endpoint, the registry's gate and the API ask when they hold a principal and a name.</summary>
public sealed class RepositoryRights(IAccountStore store, AccessPolicy policy)
{
    public async Task<RepositoryAction> DecideAsync(Principal who, string repository, CancellationToken ct) =>
        policy.Decide(who, repository, await store.IsPublicAsync(repository, ct));
}
