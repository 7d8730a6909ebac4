using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>The token signing keys, kept in the metadata database (<see cref="SqlSigningKeyStore"/>, decision 008) so
/// that every node signs and verifies with the same ones: one current P-256 key, generated on first use, and the
/// retired keys kept for verification until every token they signed has expired, then deleted. Each node keeps a view
/// of the table and reads it again when it meets an unknown <c>kid</c> and at least every <see cref="RefreshInterval"/>,
/// so a rotation made by one node reaches the others without a restart. The key files an older Wharf kept under
/// <c>&lt;data&gt;/keys</c> are imported the first time the table is found empty. Thread-safe.</summary>
public sealed partial class SigningKeyStore : IDisposable
{
    /// <summary>How stale this node's view of the keys may get before it is read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly SqlSigningKeyStore _table;
    private readonly string? _legacyDirectory;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _clock;
    private readonly ILogger<SigningKeyStore> _logger;

    // One read of the table at a time; callers that were waiting take the result of a read that began after they asked.
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly Dictionary<long, SigningKey> _loaded = [];
    private readonly HashSet<long> _unreadable = [];
    private volatile SigningKeySet? _set;
    private long _readsStarted;
    private long _setRead;

    /// <param name="table">The keys' rows.</param>
    /// <param name="legacyKeysDirectory">Where an older Wharf kept the keys as files; imported once into an empty table.
    /// Null or missing: nothing to import.</param>
    /// <param name="tokenLifetime">The lifetime of the tokens signed with these keys. A retired key is kept for this
    /// long after the rotation, plus the validator's clock skew and one <see cref="RefreshInterval"/> (another node
    /// may sign with the old key until it notices the rotation).</param>
    public SigningKeyStore(SqlSigningKeyStore table, string? legacyKeysDirectory, TimeSpan tokenLifetime, TimeProvider clock, ILogger<SigningKeyStore> logger)
    {
        _table = table;
        _legacyDirectory = legacyKeysDirectory is null ? null : Path.GetFullPath(legacyKeysDirectory);
        _retention = tokenLifetime + TokenValidator.MaxClockSkew + RefreshInterval;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The <c>kid</c> of the key new tokens are signed with; generates the first key when there is none.</summary>
    public async ValueTask<string> CurrentKidAsync(CancellationToken ct) => (await ViewAsync(ct)).Current.Kid;

    /// <summary>When the current key became current.</summary>
    public async ValueTask<DateTimeOffset> CurrentSinceAsync(CancellationToken ct) => (await ViewAsync(ct)).Current.CreatedAt;

    /// <summary>The JWKS document (RFC 7517) of the current and retained public keys, newest first:
    /// <c>{"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…,"use":"sig","alg":"ES256"}]}</c>.</summary>
    public async ValueTask<string> JwksAsync(CancellationToken ct) => (await ViewAsync(ct)).Jwks;

    internal async ValueTask<SigningKey> CurrentAsync(CancellationToken ct) => (await ViewAsync(ct)).Current;

    /// <summary>The current or a retained key by id; null when there is none (after reading the table again, since
    /// another node may have rotated, if <paramref name="kid"/> could be one of ours).</summary>
    internal async ValueTask<SigningKey?> FindAsync(string kid, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        return (await ViewAsync(ct)).Find(kid, now) ?? (CouldBeOurs(kid) ? (await ReadAsync(ct)).Find(kid, now) : null);
    }

    /// <summary>Makes a new key current now (<c>wharf keys rotate</c>); the previous ones stay valid for verification
    /// until their retention ends, then are deleted. When another node rotates at the same moment, its key is taken
    /// and no second one made.</summary>
    /// <returns>The <c>kid</c> of the new current key.</returns>
    public async Task<string> RotateAsync(CancellationToken ct)
    {
        await TryAddKeyAsync((await ReadAsync(ct)).Highest + 1, ct);
        return (await ReadAsync(ct)).Current.Kid;
    }

    /// <summary>The schedule: rotates when the current key has been current for <paramref name="maxAge"/>. Nodes on the
    /// same schedule rotate once between them: the new key takes the number after the one they read, which only the
    /// first of them gets.</summary>
    /// <returns>The new key's <c>kid</c> when this call rotated; null otherwise.</returns>
    public async Task<string?> RotateIfOlderThanAsync(TimeSpan maxAge, CancellationToken ct)
    {
        var set = await ReadAsync(ct);
        if (_clock.GetUtcNow() - set.Current.CreatedAt < maxAge || !await TryAddKeyAsync(set.Highest + 1, ct))
        {
            return null;
        }

        return (await ReadAsync(ct)).Current.Kid;
    }

    public void Dispose()
    {
        foreach (var key in _loaded.Values)
        {
            key.Dispose();
        }

        _loaded.Clear();
        _set = null;
        _reload.Dispose();
    }

    /// <summary>Whether <paramref name="kid"/> has the form of our ids, RFC 7638 SHA-256 thumbprints (43 base64url
    /// characters): a token naming anything else costs no database read.</summary>
    private static bool CouldBeOurs(string kid) => kid.Length == 43 && kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private ValueTask<SigningKeySet> ViewAsync(CancellationToken ct)
    {
        var set = _set;
        return set is not null && _clock.GetUtcNow() - set.LoadedAt < RefreshInterval ? ValueTask.FromResult(set) : new(ReadAsync(ct));
    }

    /// <summary>Reads the table again (parsing only keys not read before), importing the legacy key files or generating
    /// the first key when it is empty, and deletes the keys whose retention has ended.</summary>
    private async Task<SigningKeySet> ReadAsync(CancellationToken ct)
    {
        var asked = Interlocked.Read(ref _readsStarted);
        await _reload.WaitAsync(ct);
        try
        {
            if (_set is { } fresh && _setRead > asked)
            {
                return fresh;
            }

            var read = Interlocked.Increment(ref _readsStarted);
            var rows = await _table.ListAsync(ct);
            if (rows.Count == 0)
            {
                await ImportLegacyKeysAsync(ct);
                rows = await _table.ListAsync(ct);
            }

            var keys = Parse(rows);
            if (keys.Count == 0)
            {
                // No key, or none readable (a row edited by hand): a new one takes the next number. When another node
                // does the same at this moment, one insert wins and both read the winner's key.
                await TryAddKeyAsync(rows.Count == 0 ? 1 : rows[^1].Sequence + 1, ct);
                rows = await _table.ListAsync(ct);
                keys = Parse(rows);
            }

            if (keys.Count == 0)
            {
                throw new InvalidDataException("no usable token signing key in the database: signing_keys rows cannot be read as P-256 private keys");
            }

            var set = new SigningKeySet(keys, rows[^1].Sequence, _retention, _clock.GetUtcNow());
            foreach (var expired in set.Expired)
            {
                // Forgotten, not disposed: a request may still be verifying with it.
                _loaded.Remove(expired.Sequence);
                await _table.DeleteAsync(expired.Sequence, ct);
            }

            _set = set;
            _setRead = read;
            return set;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>The readable keys among <paramref name="rows"/>, in sequence order; those read before are reused.</summary>
    private List<SigningKey> Parse(IReadOnlyList<StoredSigningKey> rows)
    {
        var present = rows.Select(r => r.Sequence).ToHashSet();
        foreach (var gone in _loaded.Keys.Where(sequence => !present.Contains(sequence)).ToList())
        {
            _loaded.Remove(gone); // deleted by another node
        }

        foreach (var row in rows.Where(r => !_loaded.ContainsKey(r.Sequence)))
        {
            if (SigningKey.TryFromPem(row.Sequence, row.CreatedAt, row.PrivateKeyPem) is { } key)
            {
                _loaded[row.Sequence] = key;
            }
            else if (_unreadable.Add(row.Sequence))
            {
                LogUnreadable(_logger, row.Sequence, row.Kid);
            }
        }

        return [.. _loaded.Values.OrderBy(k => k.Sequence)];
    }

    private async Task<bool> TryAddKeyAsync(long sequence, CancellationToken ct)
    {
        using var key = SigningKey.Generate(sequence, _clock.GetUtcNow());
        return await _table.TryAddAsync(new StoredSigningKey(key.Sequence, key.Kid, key.ToPem(), key.CreatedAt), ct);
    }

    private async Task ImportLegacyKeysAsync(CancellationToken ct)
    {
        if (_legacyDirectory is null)
        {
            return;
        }

        var files = SigningKeyFile.ReadAll(_legacyDirectory);
        try
        {
            if (files.Count > 0 && await _table.ImportAsync([.. files.Select(k => new StoredSigningKey(k.Sequence, k.Kid, k.ToPem(), k.CreatedAt))], ct))
            {
                LogImported(_logger, files.Count, _legacyDirectory);
            }
        }
        finally
        {
            files.ForEach(k => k.Dispose());
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Imported {Count} token signing keys from {Directory} into the database, where every node now reads them; the directory is no longer used")]
    private static partial void LogImported(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token signing key {Sequence} ({Kid}) in the database is not a P-256 private key; it is ignored")]
    private static partial void LogUnreadable(ILogger logger, long sequence, string kid);
}
