namespace Wharf.Server.Auth;

/// <summary>A signed access token and what the token response says about it.</summary>
/// <param name="Token">The compact JWS. A secret: never logged (<see cref="ToString"/> leaves it out).</param>
/// <param name="IssuedAt">The token's <c>iat</c>, whole seconds, for the response's <c>issued_at</c>.</param>
/// <param name="ExpiresIn">Seconds from <paramref name="IssuedAt"/> to <c>exp</c>, the response's <c>expires_in</c>.</param>
public sealed record IssuedToken(string Token, DateTimeOffset IssuedAt, int ExpiresIn)
{
    public override string ToString() => $"IssuedToken {{ IssuedAt = {IssuedAt:O}, ExpiresIn = {ExpiresIn}, token hidden }}";
}
