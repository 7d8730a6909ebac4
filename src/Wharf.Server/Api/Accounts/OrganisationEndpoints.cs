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

    /// <summary>The organisation named <paramref name="org"/>; 404 when there is none (or the name is another kind's).</summary>
    public static async Task<Account> GetOrganisationAsync(IAccountStore store, string org, CancellationToken ct) =>
        await store.FindAccountAsync(org, ct) is { Kind: AccountKind.Organisation } found
            ? found
            : throw new ApiProblemException(ApiProblem.NotFound("Unknown organisation", $"there is no organisation '{org}'"));

    private static async Task<IResult> ListAsync(HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAccount();
        var found = new List<Account>();
        if (caller.IsAdmin)
        {
            // The contract has no paging here: organisations are few next to users.
            IReadOnlyList<Account> page;
            do
            {
                page = await store.ListAccountsAsync(AccountKind.Organisation, found.LastOrDefault()?.Name, UsersEndpoints.MaxPageSize, ct);
                found.AddRange(page);
            }
            while (page.Count == UsersEndpoints.MaxPageSize);
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

        return Results.Json<IReadOnlyList<OrganisationInfo>>(
            [.. found.Select(a => new OrganisationInfo(a.Name, a.CreatedAt))], AccountsJsonContext.Default.IReadOnlyListOrganisationInfo);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.OrganisationCreation, ct);
        var name = ApiInput.Name(body.Name, "name");
        ApiInput.Check(await store.CreateOrganisationAsync(name, caller.Name, ct), $"organisation '{name}'");
        await caller.AuditAsync(store, AuditActions.AccountCreated, name, $"organisation, owner {caller.Name}", ct);
        var created = await GetOrganisationAsync(store, name, ct);
        http.Response.Headers.Location = $"/api/v1/orgs/{name}";
        return Results.Json(new OrganisationInfo(created.Name, created.CreatedAt), AccountsJsonContext.Default.OrganisationInfo, statusCode: 201);
    }

    private static async Task<IResult> GetAsync(string org, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAccount();
        ApiInput.Name(org, "org");
        if (!caller.IsOrganisationMember(org))
        {
            return ApiProblem.Forbidden($"only members of '{org}' can read it");
        }

        var found = await GetOrganisationAsync(store, org, ct);
        return Results.Json(new OrganisationInfo(found.Name, found.CreatedAt), AccountsJsonContext.Default.OrganisationInfo);
    }

    private static async Task<IResult> DeleteAsync(string org, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        ApiInput.Name(org, "org");
        caller.RequireOrganisationAdmin(org);
        caller.RequireChangeRights();
        await GetOrganisationAsync(store, org, ct);
        await store.DeleteAccountAsync(org, ct);
        await caller.AuditAsync(store, AuditActions.AccountDeleted, org, "organisation", ct);
        return Results.NoContent();
    }
}
