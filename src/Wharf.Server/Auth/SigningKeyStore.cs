using System.Security.Cryptography;

namespace Wharf.Server.Auth;

/// <summary>The token signing keys in <c>&lt;data&gt;/keys/</c> (layout on <see cref="SigningKeyFile"/>): one current
/// P-256 key, generated on first use, and the retired keys kept for verification until every token they signed has
/// expired. Several processes may share the directory: key files are created with O_EXCL, a process re-reads the
/// directory when it meets an unknown <c>kid</c> and at least every <see cref="RefreshInterval"/>, so a rotation
/// made by one process reaches the others without a restart. Thread-safe.</summary>
public sealed class SigningKeyStore : IDisposable
{
    /// <summary>How stale this process's view of the directory may get before it is read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly string _directory;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SigningKey> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private volatile SigningKeySet? _set;

    /// <param name="keysDirectory">Created (mode 0700) when missing.</param>
    /// <param name="tokenLifetime">The lifetime of the tokens signed with these keys. A retired key is kept for this
    /// long after the rotation, plus the validator's clock skew and one <see cref="RefreshInterval"/> (another process
    /// may sign with the old key until it notices the rotation).</param>
    public SigningKeyStore(string keysDirectory, TimeSpan tokenLifetime, TimeProvider clock)
    {
        _directory = Path.GetFullPath(keysDirectory);
        _retention = tokenLifetime + TokenValidator.MaxClockSkew + RefreshInterval;
        _clock = clock;
    }

    /// <summary>The <c>kid</c> of the key new tokens are signed with; generates the first key when there is none.</summary>
    public string CurrentKid => Current.Kid;

    /// <summary>The JWKS document (RFC 7517) of the current and retained public keys, newest first:
    /// <c>{"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…,"use":"sig","alg":"ES256"}]}</c>.</summary>
    public string Jwks => View().Jwks;

    internal SigningKey Current => View().Current;

    /// <summary>When the current key became current, for the rotation schedule.</summary>
    public DateTimeOffset CurrentSince => Current.CreatedAt;

    /// <summary>The current or a retained key by id; null when there is none (after looking at the directory again,
    /// since another process may have rotated).</summary>
    internal SigningKey? Find(string kid)
    {
        var now = _clock.GetUtcNow();
        return View().Find(kid, now) ?? Scan().Find(kid, now);
    }

    /// <summary>Makes a new key current; the previous ones stay valid for verification until their retention ends,
    /// then are deleted. When another process rotates at the same moment, its key is taken and no second one made.</summary>
    /// <returns>The <c>kid</c> of the new current key.</returns>
    public Task<string> RotateAsync(CancellationToken ct)
    {
        // Writing a few hundred bytes to a local file is done synchronously; the Task is for the store this may
        // become when scale-out nodes keep their keys in the metadata database.
        ct.ThrowIfCancellationRequested();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // A false return means another process rotated first: its key is the new current one, as the scan shows.
        SigningKeyFile.TryCreate(Path.Combine(_directory, SigningKeyFile.Name(Scan().Highest + 1)), key, _clock.GetUtcNow());
        return Task.FromResult(Scan().Current.Kid);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var key in _loaded.Values)
            {
                key.Key.Dispose();
            }

            _loaded.Clear();
            _set = null;
        }
    }

    private SigningKeySet View()
    {
        var set = _set;
        return set is not null && _clock.GetUtcNow() - set.LoadedAt < RefreshInterval ? set : Scan();
    }

    /// <summary>Reads the directory again (only files not read before are parsed), generating the first key when
    /// there is none, and deletes the files of keys whose retention has ended.</summary>
    private SigningKeySet Scan()
    {
        lock (_gate)
        {
            SigningKeyFile.CreateDirectory(_directory);
            var keys = ReadKeys(out var highest);
            if (keys.Count == 0)
            {
                // When another process creates the first key at the same moment, one create fails and reads the other's.
                using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    SigningKeyFile.TryCreate(Path.Combine(_directory, SigningKeyFile.Name(highest + 1)), key, _clock.GetUtcNow());
                }

                keys = ReadKeys(out highest);
                if (keys.Count == 0)
                {
                    throw new InvalidDataException($"no usable token signing key in {_directory}: key files there cannot be read as P-256 private keys");
                }
            }

            var set = new SigningKeySet(keys, highest, _retention, _clock.GetUtcNow());
            foreach (var expired in set.Expired)
            {
                Delete(expired);
            }

            _set = set;
            return set;
        }
    }

    /// <summary>The readable keys in sequence order; <paramref name="highest"/> is the highest number of any key file,
    /// readable or not, so a new key never takes the name of a broken one.</summary>
    private List<SigningKey> ReadKeys(out int highest)
    {
        highest = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            if (SigningKeyFile.Sequence(name) is not { } sequence)
            {
                continue;
            }

            highest = Math.Max(highest, sequence);
            present.Add(name);
            if (_loaded.ContainsKey(name))
            {
                continue;
            }

            // A file that was unreadable before is tried again, but not waited for: a broken file (a crash between
            // create and write) must not make every scan slow.
            var key = _unreadable.Contains(name) ? SigningKeyFile.TryRead(path, sequence) : SigningKeyFile.ReadWithGrace(path, sequence);
            if (key is null)
            {
                _unreadable.Add(name);
                continue;
            }

            _unreadable.Remove(name);
            _loaded[name] = key;
        }

        // Files deleted by another process are forgotten (not disposed: a request may still be verifying with them).
        foreach (var gone in _loaded.Keys.Where(name => !present.Contains(name)).ToList())
        {
            _loaded.Remove(gone);
        }

        _unreadable.IntersectWith(present);

        return [.. _loaded.Values.OrderBy(k => k.Sequence)];
    }

    private void Delete(SigningKey key)
    {
        var name = SigningKeyFile.Name(key.Sequence);
        _loaded.Remove(name);
        try
        {
            File.Delete(Path.Combine(_directory, name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the key is no longer trusted by this process whatever the file system says, and the next
            // scan tries again.
        }
    }
}
