using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Who may reach one repository: its visibility (public: anyone may pull) and its grants (<c>read</c>,
/// <c>write</c>, <c>admin</c>) to a user, a robot or a team, managed by the repository's administrators
/// (<see cref="RepositoryRights.AdministersAsync"/>). The repository need not exist yet.</summary>
internal sealed partial class AccountActions
{
    /// <summary>Makes <paramref name="repository"/> public or private (<c>PUT /api/v1/visibility</c>, the repository
    /// page's admin form).</summary>
    public async Task SetVisibilityAsync(ApiCaller caller, string? repository, bool? isPublic, CancellationToken ct)
    {
        caller.RequireChangeRights();
        var name = ApiInput.Repository(repository);
        var wanted = ApiInput.Required(isPublic, "public (true or false)");
        await RequireRepositoryAdminAsync(caller, name, ct);
        ApiInput.Check(await store.SetPublicAsync(name, wanted, ct), $"repository '{name}'");
        await caller.AuditAsync(store, AuditActions.VisibilityChanged, name, wanted ? "public" : "private", ct);
    }

    public async Task<IReadOnlyList<RepositoryGrant>> ListGrantsAsync(ApiCaller caller, string? repository, CancellationToken ct)
    {
        var name = ApiInput.Repository(repository);
        await RequireRepositoryAdminAsync(caller, name, ct);
        return await store.ListGrantsAsync(name, ct);
    }

    /// <summary>Whether the caller administers <paramref name="repository"/> (so may see and change its grants).</summary>
    public async Task<bool> AdministersAsync(ApiCaller caller, string repository, CancellationToken ct) =>
        !caller.IsAnonymous && await rights.AdministersAsync(caller.Principal, repository, ct);

    /// <summary>Grants <paramref name="access"/>, replacing the grantee's earlier grant. Exactly one of
    /// <paramref name="account"/> (<c>alice</c>, <c>acme+ci</c>) and <paramref name="team"/> (<c>acme/devs</c>).</summary>
    public async Task GrantAsync(ApiCaller caller, string? repository, RepositoryAccess? access, string? account, string? team, CancellationToken ct)
    {
        caller.RequireChangeRights();
        var name = ApiInput.Repository(repository);
        var grantee = Grantee(account, team);
        var wanted = ApiInput.Required(access, $"access ({ApiWords.List<RepositoryAccess>()})");
        await RequireRepositoryAdminAsync(caller, name, ct);
        var change = await store.GrantAsync(name, grantee, wanted, ct);
        if (change == AccountChange.WrongKind)
        {
            throw new ApiProblemException($"'{grantee}' is an organisation: grant to one of its teams instead");
        }

        ApiInput.Check(change, grantee.IsTeam ? $"team '{grantee}'" : $"account '{grantee}'");
        await caller.AuditAsync(store, AuditActions.PermissionChanged, name, $"{grantee}: {ApiWords.Of(wanted)}", ct);
    }

    public async Task RevokeGrantAsync(ApiCaller caller, string? repository, string? account, string? team, CancellationToken ct)
    {
        caller.RequireChangeRights();
        var name = ApiInput.Repository(repository);
        var grantee = Grantee(account, team);
        await RequireRepositoryAdminAsync(caller, name, ct);
        if (!await store.RevokeAsync(name, grantee, ct))
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown grant", $"'{grantee}' has no grant on '{name}'"));
        }

        await caller.AuditAsync(store, AuditActions.PermissionChanged, name, $"{grantee}: revoked", ct);
    }

    /// <summary>"Repo admin": 401 for anonymous, 403 for anyone else who may not delete there.</summary>
    private async Task RequireRepositoryAdminAsync(ApiCaller caller, string repository, CancellationToken ct) =>
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);

    /// <summary>Exactly one of an account (<c>alice</c>, <c>acme+ci</c>) and a team (<c>acme/devs</c>).</summary>
    private static Grantee Grantee(string? account, string? team)
    {
        if ((account is null) == (team is null))
        {
            throw new ApiProblemException("give exactly one of account and team");
        }

        if (account is not null)
        {
            return Registry.Auth.Grantee.Account(ApiInput.AnyAccount(account, "account"));
        }

        var slash = team!.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && AccountName.IsValid(team[..slash]) && AccountName.IsValid(team[(slash + 1)..])
            ? Registry.Auth.Grantee.Team(team[..slash], team[(slash + 1)..])
            : throw new ApiProblemException($"team must be org/team, each part a valid name: {ApiInput.NameRule}");
    }
}
