using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Registry.Auth;

/// <summary>The random secrets of <see cref="AccessTokenKind"/>: 32 random bytes, base64url, behind a prefix that says
/// what they are (so secret scanners and people recognise a leaked one, and a login can tell a token from a password).
/// Stored as SHA-256 hex, not a slow hash: with 256 bits of entropy there is nothing to brute-force, and a fast hash
/// keeps a lookup by secret to one index probe (decision 007).</summary>
public static class SecretTokens
{
    public const string PersonalAccessTokenPrefix = "wharf_pat_";
    public const string RobotSecretPrefix = "wharf_rbt_";
    public const string RefreshTokenPrefix = "wharf_rft_";

    private const int RandomBytes = 32;
    private static readonly int EncodedLength = Base64Url.GetEncodedLength(RandomBytes);

    public static string Generate(AccessTokenKind kind) =>
        PrefixOf(kind) + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The stored form of a secret: lowercase SHA-256 hex of its UTF-8 bytes.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The kind a secret was generated as, by its prefix and length; null when it cannot be one of ours
    /// (for a login: then it is a password).</summary>
    public static AccessTokenKind? KindOf(string secret)
    {
        foreach (var kind in Enum.GetValues<AccessTokenKind>())
        {
            var prefix = PrefixOf(kind);
            if (secret.Length == prefix.Length + EncodedLength && secret.StartsWith(prefix, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    private static string PrefixOf(AccessTokenKind kind) => kind switch
    {
        AccessTokenKind.PersonalAccessToken => PersonalAccessTokenPrefix,
        AccessTokenKind.RobotSecret => RobotSecretPrefix,
        _ => RefreshTokenPrefix,
    };
}
