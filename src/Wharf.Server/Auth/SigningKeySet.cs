using System.Text;
using System.Text.Json;

namespace Wharf.Server.Auth;

/// <summary>An immutable view of the <c>signing_keys</c> table at one moment: the current key, the retired keys still kept for
/// verification, the ones whose retention has ended (to delete), and the JWKS of the kept ones.</summary>
internal sealed class SigningKeySet
{
    private readonly Dictionary<string, (SigningKey Key, DateTimeOffset? RetainUntil)> _byKid = new(StringComparer.Ordinal);

    /// <param name="keys">Every readable key, in ascending sequence order; not empty.</param>
    /// <param name="highest">The highest sequence number of any key, readable or not.</param>
    /// <param name="retention">How long a key is kept after its successor became current.</param>
    public SigningKeySet(IReadOnlyList<SigningKey> keys, long highest, TimeSpan retention, DateTimeOffset now)
    {
        LoadedAt = now;
        Highest = highest;
        Current = keys[^1];
        var kept = new List<SigningKey>();
        var expired = new List<SigningKey>();
        for (var i = 0; i < keys.Count; i++)
        {
            DateTimeOffset? retainUntil = i == keys.Count - 1 ? null : keys[i + 1].CreatedAt + retention;
            if (retainUntil <= now)
            {
                expired.Add(keys[i]);
                continue;
            }

            kept.Add(keys[i]);
            _byKid.TryAdd(keys[i].Kid, (keys[i], retainUntil));
        }

        Kept = kept;
        Expired = expired;
        Jwks = WriteJwks(kept);
    }

    public DateTimeOffset LoadedAt { get; }

    public SigningKey Current { get; }

    /// <summary>The highest sequence number in the table: a new key takes the next one, never a broken row's.</summary>
    public long Highest { get; }

    /// <summary>The current key and the retired ones still within their retention, oldest first.</summary>
    public IReadOnlyList<SigningKey> Kept { get; }

    /// <summary>Retired keys whose retention has ended: every token they signed has expired.</summary>
    public IReadOnlyList<SigningKey> Expired { get; }

    /// <summary><c>{"keys":[…]}</c> (RFC 7517 §5) of the kept keys' public halves.</summary>
    public string Jwks { get; }

    /// <summary>The kept key with this id, unless its retention ended since this view was taken; null otherwise.</summary>
    public SigningKey? Find(string kid, DateTimeOffset now) =>
        _byKid.TryGetValue(kid, out var entry) && !(entry.RetainUntil <= now) ? entry.Key : null;

    private static string WriteJwks(List<SigningKey> keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            // Newest first: a client that tries keys in order finds the current one at once.
            for (var i = keys.Count - 1; i >= 0; i--)
            {
                keys[i].WritePublicJwk(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
