using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>One grant on a repository: to an account or to a team (<c>org/team</c>); the other field is absent.</summary>
internal sealed record PermissionInfo(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Account,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Team,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<RepositoryAccess>))] RepositoryAccess Access)
{
    public static PermissionInfo From(RepositoryGrant g) =>
        g.Grantee.IsTeam ? new(null, g.Grantee.ToString(), g.Access) : new(g.Grantee.Name, null, g.Access);
}
