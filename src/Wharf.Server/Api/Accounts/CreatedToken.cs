using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Answer of <c>POST /api/v1/user/tokens</c>: the one and only time <see cref="Token"/> is shown.</summary>
internal sealed record CreatedToken(
    long Id,
    string Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<TokenScope>))] TokenScope? Scope,
    DateTimeOffset? ExpiresAt,
    string Token);
