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
        var caller = ApiCaller.Of(http);
        var name = ApiInput.Repository(repository);
        await RepositoryAuthorisation.RequireAdminAsync(caller, name, rights, ct);
        var grants = await store.ListGrantsAsync(name, ct);
        return Results.Json<IReadOnlyList<PermissionInfo>>([.. grants.Select(PermissionInfo.From)], AccountsJsonContext.Default.IReadOnlyListPermissionInfo);
    }

    private static async Task<IResult> GrantAsync(HttpContext http, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.PermissionChange, ct);
        var repository = ApiInput.Repository(body.Repository);
        var grantee = Grantee(body.Account, body.Team);
        var access = ApiInput.Required(body.Access, $"access ({ApiWords.List<RepositoryAccess>()})");
        await RepositoryAuthorisation.RequireAdminAsync(caller, repository, rights, ct);
        var change = await store.GrantAsync(repository, grantee, access, ct);
        if (change == AccountChange.WrongKind)
        {
            return ApiProblem.BadRequest($"'{grantee}' is an organisation: grant to one of its teams instead");
        }

        ApiInput.Check(change, grantee.IsTeam ? $"team '{grantee}'" : $"account '{grantee}'");
        await caller.AuditAsync(store, AuditActions.PermissionChanged, repository, $"{grantee}: {ApiWords.Of(access)}", ct);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeAsync(string? repository, string? account, string? team, HttpContext http, IAccountStore store, RepositoryRights rights, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var name = ApiInput.Repository(repository);
        var grantee = Grantee(account, team);
        await RepositoryAuthorisation.RequireAdminAsync(caller, name, rights, ct);
        if (!await store.RevokeAsync(name, grantee, ct))
        {
            return ApiProblem.NotFound("Unknown grant", $"'{grantee}' has no grant on '{name}'");
        }

        await caller.AuditAsync(store, AuditActions.PermissionChanged, name, $"{grantee}: revoked", ct);
        return Results.NoContent();
    }

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
