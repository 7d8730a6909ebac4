using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/orgs</c>: organisations. Any user may create one and becomes its owner (the <c>owners</c>
/// team, role admin); members read it; its administrators and server administrators delete it.</summary>
internal static class OrganisationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var orgs = api.MapGroup("/orgs").WithTags("organisations");
        orgs.MapGet("", ListAsync)
            .WithSummary("Organisations: all for a server admin, else those the caller is in")
            .Produces<IReadOnlyList<OrganisationInfo>>().ProducesProblem(401);
        orgs.MapPost("", CreateAsync)
            .WithSummary("Create an organisation owned by the caller")
            .WithMetadata(DocumentedBody.Json<OrganisationCreation>()).Produces<OrganisationInfo>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        orgs.MapGet("/{org}", GetAsync)
            .WithSummary("One organisation (its members, server admins)").Produces<OrganisationInfo>().ProducesProblem(403).ProducesProblem(404);
        orgs.MapDelete("/{org}", DeleteAsync)
            .WithSummary("Delete an organisation with its teams and robots (org admin, server admin)")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var found = await actions.ListOrganisationsAsync(ApiCaller.Of(http), ct);
        return Results.Json<IReadOnlyList<OrganisationInfo>>(
            [.. found.Select(a => new OrganisationInfo(a.Name, a.CreatedAt))], AccountsJsonContext.Default.IReadOnlyListOrganisationInfo);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.OrganisationCreation, ct);
        var created = await actions.CreateOrganisationAsync(caller, body.Name, ct);
        http.Response.Headers.Location = $"/api/v1/orgs/{created.Name}";
        return Results.Json(new OrganisationInfo(created.Name, created.CreatedAt), AccountsJsonContext.Default.OrganisationInfo, statusCode: 201);
    }

    private static async Task<IResult> GetAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var found = await actions.ReadOrganisationAsync(ApiCaller.Of(http), org, ct);
        return Results.Json(new OrganisationInfo(found.Name, found.CreatedAt), AccountsJsonContext.Default.OrganisationInfo);
    }

    private static async Task<IResult> DeleteAsync(string org, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.DeleteOrganisationAsync(ApiCaller.Of(http), org, ct);
        return Results.NoContent();
    }
}
