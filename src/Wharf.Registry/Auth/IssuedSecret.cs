using System.Diagnostics.CodeAnalysis;

namespace Wharf.Registry.Auth;

/// <summary>The outcome of a change that issues a secret (a token, a robot): the secret is here once and never
/// again. <see cref="Token"/> and <see cref="Secret"/> are set exactly when <see cref="Outcome"/> is Done.</summary>
public sealed record IssuedSecret(AccountChange Outcome, AccessToken? Token, string? Secret)
{
    public static IssuedSecret Failed(AccountChange outcome) => new(outcome, null, null);

    [MemberNotNullWhen(true, nameof(Token), nameof(Secret))]
    public bool IsDone => Outcome == AccountChange.Done;

    // The secret stays out of ToString, so logging the record never logs it.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Outcome = ").Append(Outcome).Append(", Token = ").Append(Token);
        return true;
    }
}
