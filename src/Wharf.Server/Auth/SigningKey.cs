using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Wharf.Server.Auth;

/// <summary>One P-256 token signing key as loaded from its file: the private key, its id and when it became current.
/// Used concurrently for signing and verifying, which ECDsa on OpenSSL supports.</summary>
internal sealed class SigningKey
{
    public SigningKey(int sequence, DateTimeOffset createdAt, ECDsa key)
    {
        Sequence = sequence;
        CreatedAt = createdAt;
        Key = key;
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        X = Base64Url.EncodeToString(point.X);
        Y = Base64Url.EncodeToString(point.Y);
        Kid = Thumbprint(X, Y);
        SecurityKey = new ECDsaSecurityKey(key) { KeyId = Kid };
    }

    /// <summary>The number in the file name (<c>key-000002.pem</c>): the highest is the current key.</summary>
    public int Sequence { get; }

    /// <summary>When this key became the current one; the previous key is retired from then on.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: stable across restarts and
    /// processes, and computable by anyone holding the JWKS.</summary>
    public string Kid { get; }

    public ECDsa Key { get; }

    /// <summary>The key as Microsoft.IdentityModel signs with it.</summary>
    public ECDsaSecurityKey SecurityKey { get; }

    private string X { get; }

    private string Y { get; }

    /// <summary>The public key as a JWK (RFC 7517/7518) for the JWKS document.</summary>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kty", "EC");
        writer.WriteString("crv", "P-256");
        writer.WriteString("x", X);
        writer.WriteString("y", Y);
        writer.WriteString("kid", Kid);
        writer.WriteString("use", "sig");
        writer.WriteString("alg", SecurityAlgorithms.EcdsaSha256);
        writer.WriteEndObject();
    }

    /// <summary>RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(string x, string y) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
}
