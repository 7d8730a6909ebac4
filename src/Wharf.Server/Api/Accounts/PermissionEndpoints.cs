using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/permissions</c>: grants on one repository (<c>read</c>, <c>write</c>, <c>admin</c>) to a user,
/// a robot or a team, managed by the repository's administrators. The repository need not exist yet.</summary>
internal static class PermissionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var permissions = api.MapGroup("/permissions").WithTags("permissions");
        permissions.MapGet("", ListAsync)
            .WithSummary("The grants on a repository (repo admin)")
            .Produces<IReadOnlyList<PermissionInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        permissions.MapPut("", GrantAsync)
            .WithSummary("Grant access to an account or a team, replacing its earlier grant (repo admin)")
            .WithMetadata(DocumentedBody.Json<PermissionChange>()).Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        permissions.MapDelete("", RevokeAsync)
            .WithSummary("Revoke an account's or a team's grant (repo admin)").Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(string? repository, HttpContext http, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        var grants = await RepositoryAccessChanges.ListGrantsAsync(ApiCaller.Of(http), ApiInput.Repository(repository), store, rights, ct);
        return Results.Json<IReadOnlyList<PermissionInfo>>([.. grants.Select(PermissionInfo.From)], AccountsJsonContext.Default.IReadOnlyListPermissionInfo);
    }

    private static async Task<IResult> GrantAsync(HttpContext http, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.PermissionChange, ct);
        var repository = ApiInput.Repository(body.Repository);
        var grantee = RepositoryAccessChanges.GranteeOf(body.Account, body.Team);
        var access = ApiInput.Required(body.Access, $"access ({ApiWords.List<RepositoryAccess>()})");
        await RepositoryAccessChanges.GrantAsync(caller, repository, grantee, access, store, rights, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeAsync(string? repository, string? account, string? team, HttpContext http, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var name = ApiInput.Repository(repository);
        await RepositoryAccessChanges.RevokeAsync(caller, name, RepositoryAccessChanges.GranteeOf(account, team), store, rights, ct);
        return Results.NoContent();
    }
}
