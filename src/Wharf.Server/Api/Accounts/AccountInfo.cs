using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>An account (user, organisation or robot) as the API shows it; never a password hash.</summary>
internal sealed record AccountInfo(
    string Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<AccountKind>))] AccountKind Kind,
    bool IsAdmin,
    bool Disabled,
    DateTimeOffset CreatedAt)
{
    public static AccountInfo From(Account a) => new(a.Name, a.Kind, a.IsAdmin, a.IsDisabled, a.CreatedAt);
}
