using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>One of the caller's tokens as listed: everything but the secret, which is not stored.</summary>
internal sealed record TokenInfo(
    long Id,
    string Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<AccessTokenKind>))] AccessTokenKind Kind,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<TokenScope>))] TokenScope? Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static TokenInfo From(AccessToken t) => new(t.Id, t.Name, t.Kind, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
