using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>The changes to one repository's access — its visibility and its grants — as <c>/api/v1/visibility</c>,
/// <c>/api/v1/permissions</c> and the repository page's admin forms make them: the caller needs change rights
/// (<see cref="ApiCaller.RequireChangeRights"/>) and must administer the repository
/// (<see cref="RepositoryAuthorisation.RequireAdminAsync"/>); each change is audited. A refusal throws
/// <see cref="ApiProblemException"/> (401, 403, 404 or 400), which the API answers and a page shows.</summary>
internal static class RepositoryAccessChanges
{
    public static async Task SetVisibilityAsync(ApiCaller caller, string repository, bool isPublic, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireChangeRights();
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);
        ApiInput.Check(await store.SetPublicAsync(repository, isPublic, ct), $"repository '{repository}'");
        await caller.AuditAsync(store, AuditActions.VisibilityChanged, repository, isPublic ? "public" : "private", ct);
    }

    /// <summary>The grants on <paramref name="repository"/>, for its administrators only.</summary>
    public static async Task<IReadOnlyList<RepositoryGrant>> ListGrantsAsync(ApiCaller caller, string repository, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);
        return await store.ListGrantsAsync(repository, ct);
    }

    /// <summary>Grants <paramref name="access"/> to <paramref name="grantee"/>, replacing its earlier grant.</summary>
    public static async Task GrantAsync(
        ApiCaller caller, string repository, Grantee grantee, RepositoryAccess access, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireChangeRights();
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);
        var change = await store.GrantAsync(repository, grantee, access, ct);
        if (change == AccountChange.WrongKind)
        {
            throw new ApiProblemException($"'{grantee}' is an organisation: grant to one of its teams instead");
        }

        ApiInput.Check(change, grantee.IsTeam ? $"team '{grantee}'" : $"account '{grantee}'");
        await caller.AuditAsync(store, AuditActions.PermissionChanged, repository, $"{grantee}: {ApiWords.Of(access)}", ct);
    }

    public static async Task RevokeAsync(ApiCaller caller, string repository, Grantee grantee, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        caller.RequireChangeRights();
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);
        if (!await store.RevokeAsync(repository, grantee, ct))
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown grant", $"'{grantee}' has no grant on '{repository}'"));
        }

        await caller.AuditAsync(store, AuditActions.PermissionChanged, repository, $"{grantee}: revoked", ct);
    }

    /// <summary>Exactly one of an account (<c>alice</c>, <c>acme+ci</c>) and a team (<c>acme/devs</c>).</summary>
    public static Grantee GranteeOf(string? account, string? team)
    {
        if ((account is null) == (team is null))
        {
            throw new ApiProblemException("give exactly one of account and team");
        }

        if (account is not null)
        {
            return Grantee.Account(ApiInput.AnyAccount(account, "account"));
        }

        var slash = team!.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && AccountName.IsValid(team[..slash]) && AccountName.IsValid(team[(slash + 1)..])
            ? Grantee.Team(team[..slash], team[(slash + 1)..])
            : throw new ApiProblemException($"team must be org/team, each part a valid name: {ApiInput.NameRule}");
    }
}
