namespace Wharf.Registry.Auth;

/// <summary>Changes to one account, applied together by <see cref="IAccountStore.UpdateAccountAsync"/>: each null
/// field is left as it is. A password or the admin flag applies to users only.</summary>
public sealed record AccountUpdate(string? Password = null, bool? IsAdmin = null, bool? Disabled = null)
{
    public bool ChangesUserOnlyFields => Password is not null || IsAdmin is not null;
}
