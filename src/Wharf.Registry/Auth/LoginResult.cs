using System.Diagnostics.CodeAnalysis;

namespace Wharf.Registry.Auth;

/// <summary>What <see cref="CredentialValidator.ValidateAsync"/> decided: a principal (and how it logged in, for the audit
/// log: "password", "personal access token 12", "robot secret"), invalid credentials, or throttled with the time until
/// a login for this account and address will be checked again.</summary>
public sealed record LoginResult(LoginOutcome Outcome, Principal? Principal, TimeSpan RetryAfter, string? How = null)
{
    public static LoginResult Invalid { get; } = new(LoginOutcome.Invalid, null, TimeSpan.Zero);

    public static LoginResult Success(Principal principal, string how) => new(LoginOutcome.Success, principal, TimeSpan.Zero, how);

    public static LoginResult Throttled(TimeSpan retryAfter) => new(LoginOutcome.Throttled, null, retryAfter);

    [MemberNotNullWhen(true, nameof(Principal))]
    public bool Succeeded => Outcome == LoginOutcome.Success;
}
