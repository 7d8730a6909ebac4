using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Organisations, their teams and robots: members read, organisation administrators (and server
/// administrators) change.</summary>
internal sealed partial class AccountActions
{
    /// <summary>All organisations for a server administrator, else those the caller is in, in name order.</summary>
    public async Task<IReadOnlyList<Account>> ListOrganisationsAsync(ApiCaller caller, CancellationToken ct)
    {
        caller.RequireAccount();
        var found = new List<Account>();
        if (caller.IsAdmin)
        {
            // No paging: organisations are few next to users.
            IReadOnlyList<Account> page;
            do
            {
                page = await store.ListAccountsAsync(AccountKind.Organisation, found.LastOrDefault()?.Name, MaxPageSize, ct);
                found.AddRange(page);
            }
            while (page.Count == MaxPageSize);
        }
        else
        {
            foreach (var org in caller.Principal.OrganisationRoles.Keys.Order(StringComparer.Ordinal))
            {
                if (await store.FindAccountAsync(org, ct) is { Kind: AccountKind.Organisation } account)
                {
                    found.Add(account);
                }
            }
        }

        return found;
    }

    public async Task<Account> CreateOrganisationAsync(ApiCaller caller, string? name, CancellationToken ct)
    {
        caller.RequireUser();
        caller.RequireChangeRights();
        var org = ApiInput.Name(name, "name");
        ApiInput.Check(await store.CreateOrganisationAsync(org, caller.Name, ct), $"organisation '{org}'");
        await caller.AuditAsync(store, AuditActions.AccountCreated, org, $"organisation, owner {caller.Name}", ct);
        return await GetOrganisationAsync(org, ct);
    }

    /// <summary>One organisation, for its members and server administrators.</summary>
    public async Task<Account> ReadOrganisationAsync(ApiCaller caller, string? org, CancellationToken ct)
    {
        caller.RequireAccount();
        var name = ApiInput.Name(org, "org");
        if (!caller.IsOrganisationMember(name))
        {
            throw ApiCaller.Forbidden($"only members of '{name}' can read it");
        }

        return await GetOrganisationAsync(name, ct);
    }

    public async Task DeleteOrganisationAsync(ApiCaller caller, string? org, CancellationToken ct)
    {
        var name = ApiInput.Name(org, "org");
        caller.RequireOrganisationAdmin(name);
        caller.RequireChangeRights();
        await GetOrganisationAsync(name, ct);
        await store.DeleteAccountAsync(name, ct);
        await caller.AuditAsync(store, AuditActions.AccountDeleted, name, "organisation", ct);
    }

    public async Task<IReadOnlyList<Team>> ListTeamsAsync(ApiCaller caller, string? org, CancellationToken ct)
    {
        caller.RequireAccount();
        var name = ApiInput.Name(org, "org");
        if (!caller.IsOrganisationMember(name))
        {
            throw ApiCaller.Forbidden($"only members of '{name}' can list its teams");
        }

        await GetOrganisationAsync(name, ct);
        return await store.ListTeamsAsync(name, ct);
    }

    public async Task CreateTeamAsync(ApiCaller caller, string org, string? name, OrganisationRole? role, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, null, ct);
        var team = ApiInput.Name(name, "name");
        var wanted = ApiInput.Required(role, $"role ({ApiWords.List<OrganisationRole>()})");
        ApiInput.Check(await store.CreateTeamAsync(org, team, wanted, ct), $"team '{org}/{team}'");
        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"created, role {ApiWords.Of(wanted)}", ct);
    }

    public async Task<Team> SetTeamRoleAsync(ApiCaller caller, string org, string team, OrganisationRole? role, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, team, ct);
        var wanted = ApiInput.Required(role, $"role ({ApiWords.List<OrganisationRole>()})");
        if (await store.SetTeamRoleAsync(org, team, wanted, ct) != AccountChange.Done)
        {
            throw UnknownTeam(org, team);
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"role {ApiWords.Of(wanted)}", ct);
        return (await store.ListTeamsAsync(org, ct)).FirstOrDefault(t => t.Name == team) ?? new Team(org, team, wanted, []);
    }

    public async Task DeleteTeamAsync(ApiCaller caller, string org, string team, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, team, ct);
        if (!await store.DeleteTeamAsync(org, team, ct))
        {
            throw UnknownTeam(org, team);
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", "deleted", ct);
    }

    public async Task AddTeamMemberAsync(ApiCaller caller, string org, string team, string? member, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, team, ct);
        var account = ApiInput.AnyAccount(member, "member");
        var change = await store.AddTeamMemberAsync(org, team, account, ct);
        if (change == AccountChange.WrongKind)
        {
            throw new ApiProblemException($"a team's members are users and robots of '{org}'; '{account}' is neither");
        }

        ApiInput.Check(change, $"team '{org}/{team}', member '{account}'");
        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"member {account} added", ct);
    }

    public async Task RemoveTeamMemberAsync(ApiCaller caller, string org, string team, string? member, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, team, ct);
        var account = ApiInput.AnyAccount(member, "member");
        if (!await store.RemoveTeamMemberAsync(org, team, account, ct))
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown member", $"'{account}' is not in the team '{org}/{team}'"));
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"member {account} removed", ct);
    }

    /// <summary>The organisation's robots, for its administrators.</summary>
    public async Task<IReadOnlyList<Account>> ListRobotsAsync(ApiCaller caller, string? org, CancellationToken ct)
    {
        var name = ApiInput.Name(org, "org");
        caller.RequireOrganisationAdmin(name);
        await GetOrganisationAsync(name, ct);
        return await store.ListRobotsAsync(name, ct);
    }

    /// <summary>The robot <c>org+name</c>; its secret is in the answer and nowhere else, ever.</summary>
    public async Task<(string Robot, string Secret)> CreateRobotAsync(ApiCaller caller, string org, string? name, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, null, ct);
        var shortName = ApiInput.Name(name, "name (without the org+ prefix)");
        var robot = AccountName.Robot(org, shortName);
        var issued = await store.CreateRobotAsync(org, shortName, ct);
        ApiInput.Check(issued.Outcome, $"robot '{robot}'");
        await caller.AuditAsync(store, AuditActions.AccountCreated, robot, "robot", ct);
        return (robot, issued.Secret!);
    }

    /// <summary>Deletes the robot <c>org+name</c>, <paramref name="name"/> given without the prefix.</summary>
    public async Task DeleteRobotAsync(ApiCaller caller, string org, string? name, CancellationToken ct)
    {
        await AuthoriseOrganisationChangeAsync(caller, org, null, ct);
        var robot = AccountName.Robot(org, ApiInput.Name(name, "name (without the org+ prefix)"));
        if (await store.FindAccountAsync(robot, ct) is not { Kind: AccountKind.Robot })
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown robot", $"'{org}' has no robot '{robot}'"));
        }

        await store.DeleteAccountAsync(robot, ct);
        await caller.AuditAsync(store, AuditActions.AccountDeleted, robot, "robot", ct);
    }

    /// <summary>The organisation named <paramref name="org"/>; 404 when there is none (or the name is another kind's).</summary>
    public async Task<Account> GetOrganisationAsync(string org, CancellationToken ct) =>
        await store.FindAccountAsync(org, ct) is { Kind: AccountKind.Organisation } found
            ? found
            : throw new ApiProblemException(ApiProblem.NotFound("Unknown organisation", $"there is no organisation '{org}'"));

    /// <summary>Passes when the caller may change the organisation's teams and robots and the organisation exists.</summary>
    private async Task AuthoriseOrganisationChangeAsync(ApiCaller caller, string org, string? team, CancellationToken ct)
    {
        ApiInput.Name(org, "org");
        if (team is not null)
        {
            ApiInput.Name(team, "team");
        }

        caller.RequireOrganisationAdmin(org);
        caller.RequireChangeRights();
        await GetOrganisationAsync(org, ct);
    }

    private static ApiProblemException UnknownTeam(string org, string team) =>
        new(ApiProblem.NotFound("Unknown team", $"'{org}' has no team '{team}'"));
}
