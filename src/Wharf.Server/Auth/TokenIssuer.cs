using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>Signs access tokens as distribution docs/spec/auth/jwt.md describes them: a compact JWS, ES256, header
/// <c>kid</c> naming the current key of the <see cref="SigningKeyStore"/>, claims <c>iss</c>, <c>sub</c>,
/// <c>aud</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>jti</c> and <c>access</c>. Thread-safe.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider clock, AuthOptions options)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Signs a token for <paramref name="subject"/> (empty for anonymous, as jwt.md says) to present to
    /// <paramref name="audience"/> (the registry's service name), granting exactly <paramref name="access"/>.
    /// Each call makes a new token with a new <c>jti</c>.</summary>
    public async ValueTask<IssuedToken> IssueAsync(string subject, string audience, IReadOnlyList<GrantedAccess> access, CancellationToken ct)
    {
        var key = await keys.CurrentAsync(ct);
        // JWT times are whole seconds; the response's issued_at must agree with the token's iat.
        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var lifetime = (int)options.TokenLifetime.TotalSeconds;
        var payload = Payload(subject, audience, access, now, lifetime);
        var token = Handler.CreateToken(payload, new SigningCredentials(key.SecurityKey, SecurityAlgorithms.EcdsaSha256));
        return new IssuedToken(token, now, lifetime);
    }

    private string Payload(string subject, string audience, IReadOnlyList<GrantedAccess> access, DateTimeOffset now, int lifetime)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", options.Issuer);
            writer.WriteString("sub", subject);
            writer.WriteString("aud", audience);
            writer.WriteNumber("exp", now.ToUnixTimeSeconds() + lifetime);
            // Distribution sets nbf = iat; validators allow for clock skew between nodes.
            writer.WriteNumber("nbf", now.ToUnixTimeSeconds());
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteString("jti", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
            writer.WriteStartArray("access");
            foreach (var entry in access)
            {
                writer.WriteStartObject();
                writer.WriteString("type", entry.Type);
                writer.WriteString("name", entry.Name);
                writer.WriteStartArray("actions");
                foreach (var action in entry.Actions)
                {
                    writer.WriteStringValue(action);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
