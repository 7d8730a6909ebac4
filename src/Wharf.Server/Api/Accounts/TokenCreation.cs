using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>POST /api/v1/user/tokens</c>: a label, the scope (required) and an optional expiry.</summary>
internal sealed record TokenCreation(
    string? Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<TokenScope>))] TokenScope? Scope,
    DateTimeOffset? ExpiresAt = null);
