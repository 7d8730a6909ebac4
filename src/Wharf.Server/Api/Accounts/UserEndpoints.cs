using System.Globalization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/user</c>: the caller's own account, password and personal access tokens.</summary>
internal static class UserEndpoints
{
    public const int MaxTokenNameLength = SqlAccountStore.MaxTokenNameLength;

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

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, IAccountStore store, CredentialValidator validator, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.PasswordChange, ct);
        var current = body.CurrentPassword ?? throw new ApiProblemException("currentPassword is required");
        var password = ApiInput.Password(body.NewPassword, "newPassword");

        // Through the validator, so guesses at the current password (by someone holding a full token) are throttled
        // like logins; a token given as the current password is no proof of knowing the password.
        var login = await validator.ValidateAsync(caller.Name, current, caller.ClientAddress, ct);
        if (login.Outcome == LoginOutcome.Throttled)
        {
            return ApiProblem.Throttled(login.RetryAfter);
        }

        if (!login.Succeeded || login.Principal.TokenScope is not null)
        {
            return ApiProblem.Forbidden("currentPassword is not this user's password");
        }

        ApiInput.Check(await store.SetPasswordAsync(caller.Name, password, ct), $"user '{caller.Name}'");
        await caller.AuditAsync(store, AuditActions.AccountChanged, caller.Name, "password changed", ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ListTokensAsync(HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        var tokens = await store.ListAccessTokensAsync(caller.Name, ct);
        return Results.Json<IReadOnlyList<TokenInfo>>([.. tokens.Select(TokenInfo.From)], AccountsJsonContext.Default.IReadOnlyListTokenInfo);
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext http, IAccountStore store, TimeProvider time, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.TokenCreation, ct);
        if (body.Name is not { Length: > 0 and <= MaxTokenNameLength } name || name.Any(char.IsControl))
        {
            throw new ApiProblemException($"name is required: a label of 1 to {MaxTokenNameLength} characters");
        }

        var scope = ApiInput.Required(body.Scope, $"scope ({ApiWords.List<TokenScope>()})");
        if (body.ExpiresAt <= time.GetUtcNow())
        {
            throw new ApiProblemException("expiresAt must be in the future");
        }

        var issued = await store.CreateAccessTokenAsync(caller.Name, AccessTokenKind.PersonalAccessToken, name, scope, body.ExpiresAt, ct);
        ApiInput.Check(issued.Outcome, $"token for '{caller.Name}'");
        var token = issued.Token!;
        await caller.AuditAsync(
            store, AuditActions.TokenCreated, caller.Name, $"personal access token {token.Id} '{name}', scope {ApiWords.Of(scope)}", ct);
        return Results.Json(
            new CreatedToken(token.Id, token.Name, token.Scope, token.ExpiresAt, issued.Secret!), AccountsJsonContext.Default.CreatedToken, statusCode: 201);
    }

    private static async Task<IResult> RevokeTokenAsync(string id, HttpContext http, IAccountStore store, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireUser();
        caller.RequireChangeRights();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId)
            || !await store.RevokeAccessTokenAsync(caller.Name, tokenId, ct))
        {
            return ApiProblem.NotFound("Unknown token", $"'{caller.Name}' has no active token with this id");
        }

        await caller.AuditAsync(store, AuditActions.TokenRevoked, caller.Name, $"token {tokenId}", ct);
        return Results.NoContent();
    }
}
