using Wharf.Registry.Auth;
using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Webhooks;

/// <summary>Who manages a webhook: an administrator of its repository ("repo admin", <see cref="RepositoryRights"/>) or of
/// its namespace (<see cref="AccessPolicy.AdministersNamespace"/>) — the same rights that manage the repository's grants.
/// A webhook names where events go and is signed with a secret, so reading one needs that right too.</summary>
internal static class WebhookAccess
{
    /// <summary>Exactly one of a repository and a namespace, each valid; 400 otherwise.</summary>
    public static (string? Repository, string? Namespace) Scope(string? repository, string? space)
    {
        if ((repository is null) == (space is null))
        {
            throw new ApiProblemException("give exactly one of repository and namespace");
        }

        return repository is not null ? (ApiInput.Repository(repository), null) : (null, ApiInput.Name(space, "namespace"));
    }

    /// <summary>401 for anonymous, 403 for a caller who does not administer the scope.</summary>
    public static async Task RequireAdminAsync(ApiCaller caller, string? repository, string? space, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireAccount();
        if (!await AdministersAsync(caller, repository, space, rights, ct))
        {
            throw ApiCaller.Forbidden($"only an administrator of '{repository ?? space}' can manage its webhooks");
        }
    }

    /// <summary>The webhook when the caller manages it; 404 when it does not exist or the caller may not see it (the same
    /// answer, so ids cannot be probed), 401 for anonymous.</summary>
    public static async Task<Webhook> FindManagedAsync(long id, ApiCaller caller, SqlWebhookStore store, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireAccount();
        if (await store.FindAsync(id, ct) is { } webhook && await AdministersAsync(caller, webhook.Repository, webhook.Namespace, rights, ct))
        {
            return webhook;
        }

        throw new ApiProblemException(ApiProblem.NotFound("Unknown webhook", $"there is no webhook {id} you manage"));
    }

    private static async Task<bool> AdministersAsync(ApiCaller caller, string? repository, string? space, RepositoryRights rights, CancellationToken ct) =>
        repository is not null
            ? await rights.AdministersAsync(caller.Principal, repository, ct)
            : RepositoryRights.AdministersNamespace(caller.Principal, space!);
}
