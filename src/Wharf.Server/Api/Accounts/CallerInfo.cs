using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Answer of <c>GET /api/v1/user</c>: who the credentials belong to.</summary>
internal sealed record CallerInfo(
    string Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<AccountKind>))] AccountKind Kind,
    bool IsAdmin);
