namespace Wharf.Registry.Auth;

/// <summary>A user, organisation or robot account. Never carries its password hash.</summary>
/// <param name="Owner">A robot's organisation; null for users and organisations.</param>
/// <param name="HasPassword">Whether password login is possible (users imported or created with a password).</param>
public sealed record Account(
    string Name,
    AccountKind Kind,
    bool IsAdmin,
    bool HasPassword,
    string? Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt)
{
    public bool IsDisabled => DisabledAt is not null;
}
