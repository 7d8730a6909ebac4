using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Source-generated JSON of the management API: web defaults (camelCase), and unknown fields in a request
/// refused, so a misspelt field is a 400 rather than a change silently not made.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PasswordChange))]
[JsonSerializable(typeof(TokenCreation))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(CallerInfo))]
[JsonSerializable(typeof(AccountInfo))]
[JsonSerializable(typeof(IReadOnlyList<AccountInfo>))]
[JsonSerializable(typeof(UserCreation))]
[JsonSerializable(typeof(UserUpdate))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(OrganisationCreation))]
[JsonSerializable(typeof(OrganisationInfo))]
[JsonSerializable(typeof(IReadOnlyList<OrganisationInfo>))]
[JsonSerializable(typeof(TeamCreation))]
[JsonSerializable(typeof(TeamUpdate))]
[JsonSerializable(typeof(TeamInfo))]
[JsonSerializable(typeof(IReadOnlyList<TeamInfo>))]
[JsonSerializable(typeof(RobotCreation))]
[JsonSerializable(typeof(CreatedRobot))]
[JsonSerializable(typeof(PermissionChange))]
[JsonSerializable(typeof(IReadOnlyList<PermissionInfo>))]
[JsonSerializable(typeof(VisibilityChange))]
[JsonSerializable(typeof(VisibilityInfo))]
[JsonSerializable(typeof(IReadOnlyList<AuditEvent>))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext;
