using System.Globalization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/user</c>: the caller's own account, password and personal access tokens.</summary>
internal static class UserEndpoints
{
    public const int MaxTokenNameLength = AccountActions.MaxTokenNameLength;

    public static void Map(RouteGroupBuilder api)
    {
        var user = api.MapGroup("/user").WithTags("user");
        user.MapGet("", Get)
            .WithSummary("Who the credentials belong to").Produces<CallerInfo>().ProducesProblem(401);
        user.MapPut("/password", ChangePasswordAsync)
            .WithSummary("Change the caller's password (ends its docker login sessions)")
            .WithMetadata(DocumentedBody.Json<PasswordChange>()).Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        user.MapGet("/tokens", ListTokensAsync)
            .WithSummary("The caller's tokens of every kind, newest first, without secrets")
            .Produces<IReadOnlyList<TokenInfo>>().ProducesProblem(401).ProducesProblem(403);
        user.MapPost("/tokens", CreateTokenAsync)
            .WithSummary("Create a personal access token; the token is in this answer only")
            .WithMetadata(DocumentedBody.Json<TokenCreation>()).Produces<CreatedToken>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        user.MapDelete("/tokens/{id}", RevokeTokenAsync)
            .WithSummary("Revoke one of the caller's tokens").Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    private static IResult Get(HttpContext http)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireAccount();
        return Results.Json(new CallerInfo(caller.Name, caller.Principal.Kind, caller.IsAdmin), AccountsJsonContext.Default.CallerInfo);
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.PasswordChange, ct);
        await actions.ChangePasswordAsync(caller, body.CurrentPassword, body.NewPassword, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ListTokensAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var tokens = await actions.ListTokensAsync(ApiCaller.Of(http), ct);
        return Results.Json<IReadOnlyList<TokenInfo>>([.. tokens.Select(TokenInfo.From)], AccountsJsonContext.Default.IReadOnlyListTokenInfo);
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TokenCreation, ct);
        var issued = await actions.CreateTokenAsync(caller, body.Name, body.Scope, body.ExpiresAt, ct);
        var token = issued.Token!;
        return Results.Json(
            new CreatedToken(token.Id, token.Name, token.Scope, token.ExpiresAt, issued.Secret!), AccountsJsonContext.Default.CreatedToken, statusCode: 201);
    }

    private static async Task<IResult> RevokeTokenAsync(string id, HttpContext http, AccountActions actions, CancellationToken ct)
    {
        await actions.RevokeTokenAsync(ApiCaller.Of(http), id, ct);
        return Results.NoContent();
    }
}
