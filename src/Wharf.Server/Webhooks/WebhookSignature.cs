using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Webhooks;

/// <summary>The signature of a POST, as GitHub signs its webhooks: <c>X-Wharf-Signature-256: sha256=HEX</c>, the
/// lowercase hex HMAC-SHA256 of the raw body with the webhook's secret (its UTF-8 text) as the key. A receiver computes
/// the same over the bytes it received, before parsing them, and compares in constant time.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Wharf-Signature-256";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>What a receiver does: whether <paramref name="signature"/> is the one of <paramref name="body"/>.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(signature));
}
