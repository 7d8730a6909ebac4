using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Auth.Web;

/// <summary>What a session cookie remembers of the password it was opened with: a digest of the stored Argon2 hash, which
/// gets a new salt with every password change, so a changed password ends every session opened with the old one. The
/// cookie is encrypted by data protection, and this is a hash of a salted hash: nothing in it helps a guess.</summary>
internal static class SessionStamp
{
    public static string Of(string passwordHash) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)).AsSpan(0, 16));

    /// <summary>Whether <paramref name="stamp"/> is that of <paramref name="passwordHash"/>; false when the account has
    /// no password (deleted, disabled, never set).</summary>
    public static bool Matches(string stamp, string? passwordHash) =>
        passwordHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(Of(passwordHash)));
}
