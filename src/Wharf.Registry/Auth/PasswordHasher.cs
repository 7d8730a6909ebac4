using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Wharf.Registry.Auth;

/// <summary>Password hashes: new ones are Argon2id in the self-describing PHC string format
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH</c>, unpadded standard base64), so the parameters can be raised later
/// without breaking stored hashes; bcrypt hashes (<c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>) imported from htpasswd are
/// verified as bcrypt (decision 007). Verification never throws for a malformed hash: it is just not a match.</summary>
public static class PasswordHasher
{
    // OWASP's Password Storage Cheat Sheet's first Argon2id setting (19 MiB, 2 passes, 1 lane). With this managed
    // implementation that is ~90–130 ms per hash on the 2-core server, measured under load. One lane, because on two
    // cores parallel lanes would only compete with the requests being served.
    public const int MemoryKib = 19456;
    public const int Iterations = 2;
    public const int Parallelism = 1;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Argon2Prefix = "$argon2id$";

    // A stored hash bounds the work a verification may do: a hash someone slipped into the database must not make
    // every login of that account take minutes or gigabytes. Apache's htpasswd accepts bcrypt costs 4–17.
    private const int MaxMemoryKib = 1 << 20;
    private const int MaxIterations = 16;
    private const int MaxParallelism = 16;
    private const int MaxBcryptCost = 17;

    // Verified against when an account has no password hash, so "no such user" costs what "wrong password" costs.
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Argon2(password, salt, MemoryKib, Iterations, Parallelism, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Argon2Prefix}v=19$m={MemoryKib},t={Iterations},p={Parallelism}${Encode(salt)}${Encode(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>, compared in constant time. A null
    /// hash (no account, or one without a password) is false after the same work as a real verification; the empty
    /// password is always false.</summary>
    public static bool Verify(string password, string? hash)
    {
        // No account can have the empty password (Hash refuses it; an htpasswd line with one is not honoured), so
        // answering at once tells nothing about the account.
        if (password.Length == 0)
        {
            return false;
        }

        if (hash is null)
        {
            VerifyArgon2(password, Decoy.Value);
            return false;
        }

        return IsBcrypt(hash) ? VerifyBcrypt(password, hash) : VerifyArgon2(password, hash);
    }

    /// <summary>Whether <paramref name="hash"/> is a bcrypt hash of a revision htpasswd writes.</summary>
    public static bool IsBcrypt(string hash) =>
        hash.Length == 60 && (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal));

    /// <summary>Whether <paramref name="hash"/> is a hash this class can verify (well-formed, within the work bounds).</summary>
    public static bool IsSupported(string hash) =>
        IsBcrypt(hash) ? TryParseBcryptCost(hash, out _) : TryParseArgon2(hash, out _);

    private static bool VerifyArgon2(string password, string phc)
    {
        if (!TryParseArgon2(phc, out var p))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Argon2(password, p.Salt, p.MemoryKib, p.Iterations, p.Parallelism, p.Hash.Length), p.Hash);
    }

    private static bool VerifyBcrypt(string password, string hash)
    {
        if (!TryParseBcryptCost(hash, out _))
        {
            return false;
        }

        string computed;
        try
        {
            // Hashing with the stored hash as the salt reproduces it (revision, cost, salt) when the password matches.
            computed = BCrypt.Net.BCrypt.HashPassword(password, hash);
        }
        catch (Exception e) when (e is BCrypt.Net.SaltParseException or ArgumentException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(hash));
    }

    private static byte[] Argon2(string password, byte[] salt, int memoryKib, int iterations, int parallelism, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon = new Argon2id(bytes) { Salt = salt, MemorySize = memoryKib, Iterations = iterations, DegreeOfParallelism = parallelism };
            return argon.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool TryParseArgon2(string phc, out Argon2Hash parsed)
    {
        parsed = default;
        var parts = phc.Split('$');
        if (parts is not ["", "argon2id", "v=19", var parameters, var salt, var hash])
        {
            return false;
        }

        int m = 0, t = 0, p = 0;
        foreach (var pair in parameters.Split(','))
        {
            if (pair.Length < 3 || pair[1] != '=' || !int.TryParse(pair.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[0])
            {
                case 'm': m = value; break;
                case 't': t = value; break;
                case 'p': p = value; break;
                default: return false;
            }
        }

        var saltBytes = Decode(salt);
        var hashBytes = Decode(hash);
        if (p is < 1 or > MaxParallelism || m < 8 * p || m > MaxMemoryKib || t is < 1 or > MaxIterations
            || saltBytes is not { Length: >= 8 and <= 64 } || hashBytes is not { Length: >= 16 and <= 64 })
        {
            return false;
        }

        parsed = new Argon2Hash(m, t, p, saltBytes, hashBytes);
        return true;
    }

    private static bool TryParseBcryptCost(string hash, out int cost) =>
        int.TryParse(hash.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out cost) && hash[6] == '$' && cost is >= 4 and <= MaxBcryptCost;

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? Decode(string text)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        return text.Length > 0 && Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    private readonly record struct Argon2Hash(int MemoryKib, int Iterations, int Parallelism, byte[] Salt, byte[] Hash);
}
