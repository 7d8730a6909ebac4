using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Registry.Auth;

/// <summary>What this node remembers of recent logins, so that clients which send the same credentials again and again
/// neither pay for nor count as more than one check (decision 012):
/// <list type="bullet">
/// <item>a password verified here recently is accepted again without a new Argon2 hash, for as long as the account's
/// stored hash is still the one it was verified against (a password change, on any node, ends it: the hash has a new
/// salt) — containerd with a Kubernetes pull secret sends Basic credentials on every pull;</item>
/// <item>a secret that just failed, tried again at once, is not counted a second time by the throttle — containerd tries
/// the OAuth2 POST, then the GET, with the same wrong password.</item>
/// </list>
/// Nothing is stored but an HMAC of the name and secret under a key made at start-up and never written anywhere, so
/// this memory is no store of passwords; it is never shared between nodes (each node learns for itself). Bounded:
/// when full, expired entries go, and if that is not enough, everything.</summary>
public sealed class RecentLogins(TimeProvider time)
{
    /// <summary>How long a verified password is trusted without a new hash (the stored hash is compared every time).</summary>
    public static readonly TimeSpan VerifiedLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a failure is remembered as "the same attempt again".</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(1);

    private const int MaxEntries = 20_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Hash, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failed = new(StringComparer.Ordinal);

    /// <summary>The fingerprint of a name and secret: an HMAC under this process's key.</summary>
    public string Fingerprint(string username, string secret)
    {
        var input = Encoding.UTF8.GetBytes($"{username}\0{secret}");
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_key, input));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Whether this fingerprint was verified recently at all: only then is the stored hash worth reading to ask
    /// <see cref="WasVerified"/>.</summary>
    public bool Remembers(string fingerprint) =>
        _verified.TryGetValue(fingerprint, out var entry) && entry.Until > time.GetUtcNow();

    /// <summary>Whether this fingerprint was verified against exactly <paramref name="storedHash"/> recently.</summary>
    public bool WasVerified(string fingerprint, string? storedHash) =>
        storedHash is not null
        && _verified.TryGetValue(fingerprint, out var entry)
        && entry.Until > time.GetUtcNow()
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(entry.Hash), Encoding.UTF8.GetBytes(storedHash));

    public void RememberVerified(string fingerprint, string storedHash)
    {
        Trim(_verified, e => e.Until);
        _verified[fingerprint] = (storedHash, time.GetUtcNow() + VerifiedLifetime);
    }

    /// <summary>Records a failure; true when the same name and secret already failed within <see cref="FailureLifetime"/>
    /// (then the caller does not count it again).</summary>
    public bool RepeatsFailure(string fingerprint)
    {
        var now = time.GetUtcNow();
        Trim(_failed, until => until);
        var repeated = _failed.TryGetValue(fingerprint, out var until) && until > now;
        _failed[fingerprint] = now + FailureLifetime;
        _verified.TryRemove(fingerprint, out _);
        return repeated;
    }

    private void Trim<T>(ConcurrentDictionary<string, T> entries, Func<T, DateTimeOffset> until)
    {
        if (entries.Count < MaxEntries)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (fingerprint, entry) in entries)
        {
            if (until(entry) <= now)
            {
                entries.TryRemove(fingerprint, out _);
            }
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
    }
}
