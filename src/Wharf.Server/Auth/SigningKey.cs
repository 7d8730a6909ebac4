using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Wharf.Server.Auth;

/// <summary>One P-256 token signing key as loaded from the database: the private key, its id and when it became current.
/// Used concurrently for signing and verifying, which ECDsa on OpenSSL supports.</summary>
internal sealed class SigningKey : IDisposable
{
    public SigningKey(long sequence, DateTimeOffset createdAt, ECDsa key)
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

    /// <summary>1, 2, …: the highest is the current key.</summary>
    public long Sequence { get; }

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

    /// <summary>A P-256 private key from PEM (PKCS#8, or anything <see cref="ECDsa.ImportFromPem"/> reads); null for
    /// anything else: not PEM, a public key only, another curve.</summary>
    public static SigningKey? TryFromPem(long sequence, DateTimeOffset createdAt, string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            // ExportParameters(true) throws without a private key.
            if (key.KeySize == 256 && key.ExportParameters(includePrivateParameters: true).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return new SigningKey(sequence, createdAt, key);
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
        }

        key.Dispose();
        return null;
    }

    /// <summary>A new random P-256 key.</summary>
    public static SigningKey Generate(long sequence, DateTimeOffset createdAt) =>
        new(sequence, createdAt, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The private key as PKCS#8 PEM, for the database.</summary>
    public string ToPem() => Key.ExportPkcs8PrivateKeyPem();

    public void Dispose() => Key.Dispose();

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
