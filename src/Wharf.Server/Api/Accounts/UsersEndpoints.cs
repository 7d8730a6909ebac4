using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/users</c>: server administrators manage accounts (users, and any account for listing,
/// disabling and deleting) and import htpasswd files; an account may read itself.</summary>
internal static class UsersEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

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

    private static async Task<IResult> ListAsync(string? kind, string? after, string? limit, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        ApiCaller.Of(http).RequireAdmin();
        AccountKind? wanted = null;
        if (kind is not null)
        {
            wanted = ApiWords.TryParse<AccountKind>(kind, out var k) ? k : throw new ApiProblemException($"kind must be one of {ApiWords.List<AccountKind>()}");
        }

        var size = (int)(ApiInput.Number(limit, "limit", 1, MaxPageSize) ?? DefaultPageSize);
        var accounts = await store.ListAccountsAsync(wanted, after, size, ct);
        return Results.Json<IReadOnlyList<AccountInfo>>([.. accounts.Select(AccountInfo.From)], AccountsJsonContext.Default.IReadOnlyListAccountInfo);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.UserCreation, ct);
        var name = ApiInput.Name(body.Name, "name");
        var password = body.Password is null ? null : ApiInput.Password(body.Password, "password");
        ApiInput.Check(await store.CreateUserAsync(name, password, ct, isAdmin: body.IsAdmin == true), $"user '{name}'");

        await caller.AuditAsync(store, AuditActions.AccountCreated, name, body.IsAdmin == true ? "user, server admin" : "user", ct);
        http.Response.Headers.Location = $"/api/v1/users/{name}";
        return Results.Json(AccountInfo.From(await GetAccountAsync(store, name, ct)), AccountsJsonContext.Default.AccountInfo, statusCode: 201);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var text = await ApiRequestBody.ReadTextAsync(http, ct);
        using var reader = new StringReader(text);
        var report = await new HtpasswdImporter(store).ImportAsync(reader, ct);
        foreach (var user in report.Created)
        {
            await caller.AuditAsync(store, AuditActions.AccountCreated, user, "user, imported from htpasswd", ct);
        }

        return Results.Json(new ImportResult(report.Created, report.Existing, report.Skipped), AccountsJsonContext.Default.ImportResult);
    }

    private static async Task<IResult> GetAsync(string name, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAccount();
        ApiInput.AnyAccount(name, "name");
        if (!caller.IsAdmin && caller.Name != name)
        {
            // The same answer whether or not the account exists.
            return ApiProblem.Forbidden("only a server administrator can read another account");
        }

        return Results.Json(AccountInfo.From(await GetAccountAsync(store, name, ct)), AccountsJsonContext.Default.AccountInfo);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        ApiInput.AnyAccount(name, "name");
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.UserUpdate, ct);
        var password = body.Password is null ? null : ApiInput.Password(body.Password, "password");
        var account = await GetAccountAsync(store, name, ct);
        if (name == caller.Name && (body.IsAdmin == false || body.Disabled == true))
        {
            // The one guard against a server left without an administrator by a slip of the keyboard.
            return ApiProblem.Conflict("an administrator cannot demote or disable itself; another administrator can");
        }

        if (account.Kind != AccountKind.User && (password is not null || body.IsAdmin is not null))
        {
            // The store refuses this as a whole too (WrongKind); checked here for a message naming the kind.
            return ApiProblem.BadRequest($"'{name}' is a{(account.Kind == AccountKind.Organisation ? "n" : "")} {ApiWords.Of(account.Kind)}: only users have passwords and can be administrators");
        }

        ApiInput.Check(await store.UpdateAccountAsync(name, new AccountUpdate(password, body.IsAdmin, body.Disabled), ct), $"account '{name}'");
        List<string> changes = [];
        if (password is not null)
        {
            changes.Add("password changed");
        }

        if (body.IsAdmin is { } isAdmin)
        {
            changes.Add(isAdmin ? "made server admin" : "no longer server admin");
        }

        if (body.Disabled is { } disabled)
        {
            changes.Add(disabled ? "disabled" : "enabled");
        }

        if (changes.Count > 0)
        {
            await caller.AuditAsync(store, AuditActions.AccountChanged, name, string.Join(", ", changes), ct);
        }

        return Results.Json(AccountInfo.From(await GetAccountAsync(store, name, ct)), AccountsJsonContext.Default.AccountInfo);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAdmin();
        caller.RequireChangeRights();
        ApiInput.AnyAccount(name, "name");
        if (name == caller.Name)
        {
            return ApiProblem.Conflict("an administrator cannot delete itself; another administrator can");
        }

        var account = await GetAccountAsync(store, name, ct);
        await store.DeleteAccountAsync(name, ct);
        await caller.AuditAsync(store, AuditActions.AccountDeleted, name, ApiWords.Of(account.Kind), ct);
        return Results.NoContent();
    }

    private static async Task<Account> GetAccountAsync(IAccountStore store, string name, CancellationToken ct) =>
        await store.FindAccountAsync(name, ct) ?? throw new ApiProblemException(ApiProblem.NotFound("Unknown account", $"there is no account '{name}'"));
}
