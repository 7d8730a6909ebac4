using System.Text.Json.Serialization;

namespace Wharf.Server.Auth;

/// <summary>The token endpoint's answer (distribution token.md and oauth.md): the token under both <c>token</c> and
/// OAuth2's <c>access_token</c>, <c>expires_in</c>, <c>issued_at</c> (RFC 3339), a <c>refresh_token</c> when one was
/// asked for, and on the OAuth2 POST the granted <c>scope</c> (oauth.md makes it required there).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("issued_at")] string IssuedAt,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope)
{
    /// <summary>Without the tokens, which are secrets.</summary>
    public override string ToString() => $"TokenResponse {{ ExpiresIn = {ExpiresIn}, IssuedAt = {IssuedAt}, Scope = {Scope}, tokens hidden }}";
}
