using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>What a receiver does with <c>X-Wharf-Signature-256</c>, written here from the documented rule (docs/api.md)
/// rather than with the server's code: HMAC-SHA256 of the raw body keyed with the secret's UTF-8 text, as
/// <c>sha256=</c> and lowercase hex, compared in constant time.</summary>
public static class Signatures
{
    public static bool Verify(string secret, byte[] body, string header) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))),
            Encoding.ASCII.GetBytes(header));
}
