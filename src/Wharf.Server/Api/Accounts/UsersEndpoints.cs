using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/users</c>: server administrators manage accounts (users, and any account for listing,
/// disabling and deleting) and import htpasswd files; an account may read itself.</summary>
internal static class UsersEndpoints
{
    public const int DefaultPageSize = AccountActions.DefaultPageSize;
    public const int MaxPageSize = AccountActions.MaxPageSize;

    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("users");
        users.MapGet("", ListAsync)
            .WithSummary("Accounts in name order (server admin); page with after= the last name seen")
            .Produces<IReadOnlyList<AccountInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        users.MapPost("", CreateAsync)
            .WithSummary("Create a user (server admin)")
            .WithMetadata(DocumentedBody.Json<UserCreation>()).Produces<AccountInfo>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        users.MapPost("/import", ImportAsync)
            .WithSummary("Import the bcrypt users of an htpasswd file (server admin)")
            .WithMetadata(DocumentedBody.Text()).Produces<ImportResult>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(413);
        users.MapGet("/{name}", GetAsync)
            .WithSummary("One account (server admin, or the account itself)").Produces<AccountInfo>().ProducesProblem(403).ProducesProblem(404);
        users.MapPatch("/{name}", UpdateAsync)
            .WithSummary("Set a password, the admin flag or the disabled flag (server admin)")
            .WithMetadata(DocumentedBody.Json<UserUpdate>()).Produces<AccountInfo>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        users.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Delete an account with its tokens, memberships and grants (server admin)")
            .Produces(204).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> ListAsync(string? kind, string? after, string? limit, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var accounts = await actions.ListAccountsAsync(ApiCaller.Of(http), kind, after, limit, ct);
        return Results.Json<IReadOnlyList<AccountInfo>>([.. accounts.Select(AccountInfo.From)], AccountsJsonContext.Default.IReadOnlyListAccountInfo);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.UserCreation, ct);
        var created = await actions.CreateUserAsync(caller, body.Name, body.Password, body.IsAdmin == true, ct);
        http.Response.Headers.Location = $"/api/v1/users/{created.Name}";
        return Results.Json(AccountInfo.From(created), AccountsJsonContext.Default.AccountInfo, statusCode: 201);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var text = await ApiRequestBody.ReadTextAsync(http, ct);
        using var reader = new StringReader(text);
        var report = await actions.ImportAsync(caller, reader, ct);
        return Results.Json(new ImportResult(report.Created, report.Existing, report.Skipped), AccountsJsonContext.Default.ImportResult);
    }

    private static async Task<IResult> GetAsync(string name, HttpContext http, AccountActions actions, CancellationToken ct) =>
        Results.Json(AccountInfo.From(await actions.ReadAccountAsync(ApiCaller.Of(http), name, ct)), AccountsJsonContext.Default.AccountInfo);

    private static async Task<IResult> UpdateAsync(string name, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        ApiInput.AnyAccount(name, "name");
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.UserUpdate, ct);
        var updated = await actions.UpdateAccountAsync(caller, name, body.Password, body.IsAdmin, body.Disabled, ct);
        return Results.Json(AccountInfo.From(updated), AccountsJsonContext.Default.AccountInfo);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.DeleteAccountAsync(ApiCaller.Of(http), name, ct);
        return Results.NoContent();
    }
}
