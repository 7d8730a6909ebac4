using System.Globalization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>The rules and changes of accounts, teams, robots, tokens and grants, written once for the management API's
/// endpoints and the web UI's pages (decision 026): each method checks the caller's rights (<see cref="ApiCaller"/>),
/// validates its input, changes the store and appends to the audit log exactly once. A refusal is an
/// <see cref="ApiProblemException"/> whose message is the problem's detail: the API answers it as ProblemDetails, a
/// page shows the same words.</summary>
internal sealed partial class AccountActions(IAccountStore store, CredentialValidator validator, RepositoryRights rights, TimeProvider time)
{
    public const int MaxTokenNameLength = SqlAccountStore.MaxTokenNameLength;

    /// <summary>Changes the caller's own password after checking the current one through the validator, so guesses (by
    /// someone holding a full token or a session) are throttled like logins; a token is no proof of the password.</summary>
    public async Task ChangePasswordAsync(ApiCaller caller, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        caller.RequireUser();
        caller.RequireChangeRights();
        var current = currentPassword ?? throw new ApiProblemException("currentPassword is required");
        var password = ApiInput.Password(newPassword, "newPassword");
        var login = await validator.ValidateAsync(caller.Name, current, caller.ClientAddress, ct);
        if (login.Outcome == LoginOutcome.Throttled)
        {
            throw new ApiProblemException(ApiProblem.Throttled(login.RetryAfter));
        }

        if (!login.Succeeded || login.Principal.TokenScope is not null)
        {
            throw ApiCaller.Forbidden("currentPassword is not this user's password");
        }

        ApiInput.Check(await store.SetPasswordAsync(caller.Name, password, ct), $"user '{caller.Name}'");
        await caller.AuditAsync(store, AuditActions.AccountChanged, caller.Name, "password changed", ct);
    }

    public async Task<IReadOnlyList<AccessToken>> ListTokensAsync(ApiCaller caller, CancellationToken ct)
    {
        caller.RequireUser();
        return await store.ListAccessTokensAsync(caller.Name, ct);
    }

    /// <summary>A personal access token of the caller's; its secret is in the answer and nowhere else, ever.</summary>
    public async Task<IssuedSecret> CreateTokenAsync(ApiCaller caller, string? name, TokenScope? scope, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        caller.RequireUser();
        caller.RequireChangeRights();
        if (name is not { Length: > 0 and <= MaxTokenNameLength } label || label.Any(char.IsControl))
        {
            throw new ApiProblemException($"name is required: a label of 1 to {MaxTokenNameLength} characters");
        }

        var wanted = ApiInput.Required(scope, $"scope ({ApiWords.List<TokenScope>()})");
        if (expiresAt <= time.GetUtcNow())
        {
            throw new ApiProblemException("expiresAt must be in the future");
        }

        var issued = await store.CreateAccessTokenAsync(caller.Name, AccessTokenKind.PersonalAccessToken, label, wanted, expiresAt, ct);
        ApiInput.Check(issued.Outcome, $"token for '{caller.Name}'");
        await caller.AuditAsync(
            store, AuditActions.TokenCreated, caller.Name, $"personal access token {issued.Token!.Id} '{label}', scope {ApiWords.Of(wanted)}", ct);
        return issued;
    }

    public async Task RevokeTokenAsync(ApiCaller caller, string? id, CancellationToken ct)
    {
        caller.RequireUser();
        caller.RequireChangeRights();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId)
            || !await store.RevokeAccessTokenAsync(caller.Name, tokenId, ct))
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown token", $"'{caller.Name}' has no active token with this id"));
        }

        await caller.AuditAsync(store, AuditActions.TokenRevoked, caller.Name, $"token {tokenId}", ct);
    }
}
