using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>A team of an organisation with its role there and its members (users and the organisation's robots).</summary>
internal sealed record TeamInfo(
    string Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<OrganisationRole>))] OrganisationRole Role,
    IReadOnlyList<string> Members)
{
    public static TeamInfo From(Team t) => new(t.Name, t.Role, t.Members);
}
