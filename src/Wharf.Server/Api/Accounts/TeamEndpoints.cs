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

    private static async Task<IResult> ListAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var teams = await actions.ListTeamsAsync(ApiCaller.Of(http), org, ct);
        return Results.Json<IReadOnlyList<TeamInfo>>([.. teams.Select(TeamInfo.From)], AccountsJsonContext.Default.IReadOnlyListTeamInfo);
    }

    private static async Task<IResult> CreateAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, http, actions, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TeamCreation, ct);
        await actions.CreateTeamAsync(caller, org, body.Name, body.Role, ct);
        http.Response.Headers.Location = $"/api/v1/orgs/{org}/teams/{body.Name}";
        return Results.Json(new TeamInfo(body.Name!, body.Role!.Value, []), AccountsJsonContext.Default.TeamInfo, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(string org, string team, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = await AuthoriseAsync(org, http, actions, ct, team);
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TeamUpdate, ct);
        var updated = await actions.SetTeamRoleAsync(caller, org, team, body.Role, ct);
        return Results.Json(TeamInfo.From(updated), AccountsJsonContext.Default.TeamInfo);
    }

    private static async Task<IResult> DeleteAsync(string org, string team, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.DeleteTeamAsync(ApiCaller.Of(http), org, team, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> AddMemberAsync(string org, string team, string member, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.AddTeamMemberAsync(ApiCaller.Of(http), org, team, member, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveMemberAsync(string org, string team, string member, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.RemoveTeamMemberAsync(ApiCaller.Of(http), org, team, member, ct);
        return Results.NoContent();
    }

    /// <summary>The rights are checked before the body is read, as they were: a refused caller learns nothing from
    /// a malformed body.</summary>
    private static async Task<ApiCaller> AuthoriseAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct, string? team = null)
    {
        var caller = ApiCaller.Of(http);
        ApiInput.Name(org, "org");
        if (team is not null)
        {
            ApiInput.Name(team, "team");
        }

        caller.RequireOrganisationAdmin(org);
        caller.RequireChangeRights();
        await actions.GetOrganisationAsync(org, ct);
        return caller;
    }
}
