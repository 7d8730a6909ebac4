using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/orgs/{org}/robots</c>: an organisation's robot accounts (<c>org+name</c>), managed by its
/// administrators. A robot's secret is shown once, when it is created; a robot gets rights through teams and grants.</summary>
internal static class RobotEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var robots = api.MapGroup("/orgs/{org}/robots").WithTags("robots");
        robots.MapGet("", ListAsync)
            .WithSummary("The organisation's robots (org admin)").Produces<IReadOnlyList<AccountInfo>>().ProducesProblem(403).ProducesProblem(404);
        robots.MapPost("", CreateAsync)
            .WithSummary("Create a robot; its secret is in this answer only (org admin)")
            .WithMetadata(DocumentedBody.Json<RobotCreation>()).Produces<CreatedRobot>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        robots.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Delete a robot, named without the org+ prefix (org admin)").Produces(204).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var robots = await actions.ListRobotsAsync(ApiCaller.Of(http), org, ct);
        return Results.Json<IReadOnlyList<AccountInfo>>([.. robots.Select(AccountInfo.From)], AccountsJsonContext.Default.IReadOnlyListAccountInfo);
    }

    private static async Task<IResult> CreateAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        ApiInput.Name(org, "org");
        caller.RequireOrganisationAdmin(org);
        caller.RequireChangeRights();
        await actions.GetOrganisationAsync(org, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.RobotCreation, ct);
        var (robot, secret) = await actions.CreateRobotAsync(caller, org, body.Name, ct);
        return Results.Json(new CreatedRobot(robot, secret), AccountsJsonContext.Default.CreatedRobot, statusCode: 201);
    }

    private static async Task<IResult> DeleteAsync(string org, string name, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.DeleteRobotAsync(ApiCaller.Of(http), org, name, ct);
        return Results.NoContent();
    }
}
