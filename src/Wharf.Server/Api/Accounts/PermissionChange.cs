using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>PUT /api/v1/permissions</c>: exactly one of <see cref="Account"/> (a user or robot) and
/// <see cref="Team"/> (<c>org/team</c>).</summary>
internal sealed record PermissionChange(
    string? Repository,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<RepositoryAccess>))] RepositoryAccess? Access,
    string? Account = null,
    string? Team = null);
