using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/orgs/{org}/teams</c>: an organisation's teams, their role there (member: pull every
/// repository of it; admin: everything) and their members. Members read; organisation administrators change.</summary>
internal static class TeamEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/orgs/{org}/teams").WithTags("teams");
        teams.MapGet("", ListAsync)
            .WithSummary("The organisation's teams with their members (org members)")
            .Produces<IReadOnlyList<TeamInfo>>().ProducesProblem(403).ProducesProblem(404);
        teams.MapPost("", CreateAsync)
            .WithSummary("Create a team (org admin)")
            .WithMetadata(DocumentedBody.Json<TeamCreation>()).Produces<TeamInfo>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        teams.MapPatch("/{team}", UpdateAsync)
            .WithSummary("Change a team's role (org admin)")
            .WithMetadata(DocumentedBody.Json<TeamUpdate>()).Produces<TeamInfo>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        teams.MapDelete("/{team}", DeleteAsync)
            .WithSummary("Delete a team with its memberships and grants (org admin)").Produces(204).ProducesProblem(403).ProducesProblem(404);
        teams.MapPut("/{team}/members/{member}", AddMemberAsync)
            .WithSummary("Add a user or one of the organisation's robots (org admin)")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        teams.MapDelete("/{team}/members/{member}", RemoveMemberAsync)
            .WithSummary("Remove a member (org admin)").Produces(204).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(string org, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAccount();
        ApiInput.Name(org, "org");
        if (!caller.IsOrganisationMember(org))
        {
            return ApiProblem.Forbidden($"only members of '{org}' can list its teams");
        }

        await OrganisationEndpoints.GetOrganisationAsync(store, org, ct);
        var teams = await store.ListTeamsAsync(org, ct);
        return Results.Json<IReadOnlyList<TeamInfo>>([.. teams.Select(TeamInfo.From)], AccountsJsonContext.Default.IReadOnlyListTeamInfo);
    }

    private static async Task<IResult> CreateAsync(string org, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, null, http, store, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TeamCreation, ct);
        var name = ApiInput.Name(body.Name, "name");
        var role = ApiInput.Required(body.Role, $"role ({ApiWords.List<OrganisationRole>()})");
        ApiInput.Check(await store.CreateTeamAsync(org, name, role, ct), $"team '{org}/{name}'");
        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{name}", $"created, role {ApiWords.Of(role)}", ct);
        http.Response.Headers.Location = $"/api/v1/orgs/{org}/teams/{name}";
        return Results.Json(new TeamInfo(name, role, []), AccountsJsonContext.Default.TeamInfo, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(string org, string team, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, team, http, store, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TeamUpdate, ct);
        var role = ApiInput.Required(body.Role, $"role ({ApiWords.List<OrganisationRole>()})");
        if (await store.SetTeamRoleAsync(org, team, role, ct) != AccountChange.Done)
        {
            return UnknownTeam(org, team);
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"role {ApiWords.Of(role)}", ct);
        var updated = (await store.ListTeamsAsync(org, ct)).FirstOrDefault(t => t.Name == team) ?? new Team(org, team, role, []);
        return Results.Json(TeamInfo.From(updated), AccountsJsonContext.Default.TeamInfo);
    }

    private static async Task<IResult> DeleteAsync(string org, string team, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, team, http, store, ct);
        if (!await store.DeleteTeamAsync(org, team, ct))
        {
            return UnknownTeam(org, team);
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", "deleted", ct);
        return Results.NoContent();
    }

    private static async Task<IResult> AddMemberAsync(string org, string team, string member, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, team, http, store, ct);
        ApiInput.AnyAccount(member, "member");
        var change = await store.AddTeamMemberAsync(org, team, member, ct);
        if (change == AccountChange.WrongKind)
        {
            return ApiProblem.BadRequest($"a team's members are users and robots of '{org}'; '{member}' is neither");
        }

        ApiInput.Check(change, $"team '{org}/{team}', member '{member}'");
        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"member {member} added", ct);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveMemberAsync(string org, string team, string member, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, team, http, store, ct);
        ApiInput.AnyAccount(member, "member");
        if (!await store.RemoveTeamMemberAsync(org, team, member, ct))
        {
            return ApiProblem.NotFound("Unknown member", $"'{member}' is not in the team '{org}/{team}'");
        }

        await caller.AuditAsync(store, AuditActions.TeamChanged, $"{org}/{team}", $"member {member} removed", ct);
        return Results.NoContent();
    }

    /// <summary>The caller, when it may change the organisation's teams and the organisation exists.</summary>
    private static async Task<ApiCaller> AuthoriseAsync(string org, string? team, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        ApiInput.Name(org, "org");
        if (team is not null)
        {
            ApiInput.Name(team, "team");
        }

        caller.RequireOrganisationAdmin(org);
        caller.RequireChangeRights();
        await OrganisationEndpoints.GetOrganisationAsync(store, org, ct);
        return caller;
    }

    private static ApiProblem UnknownTeam(string org, string team) => ApiProblem.NotFound("Unknown team", $"'{org}' has no team '{team}'");
}
