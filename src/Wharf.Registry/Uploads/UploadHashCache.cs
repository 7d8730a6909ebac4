using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Wharf.Registry.Uploads;

/// <summary>The running hash of each upload this process has been appending to, so a chunked upload is
/// hashed once as its bytes arrive. It is only a cache: an entry is valid only for the exact staged length it
/// was taken at, and when it is missing (another node took the previous chunk, or the process restarted) the
/// staged prefix is re-hashed. .NET cannot serialise a hash state, so this is the price of resumable uploads.</summary>
public sealed class UploadHashCache
{
    private readonly ConcurrentDictionary<string, (IncrementalHash Hash, long Offset)> _entries = new(StringComparer.Ordinal);

    /// <summary>Takes the cached hash for <paramref name="uploadId"/> if it covers exactly <paramref name="offset"/>
    /// bytes; the caller owns it until it gives it back with <see cref="Return"/>.</summary>
    public IncrementalHash? Take(string uploadId, long offset)
    {
        if (!_entries.TryRemove(uploadId, out var entry))
        {
            return null;
        }

        if (entry.Offset == offset)
        {
            return entry.Hash;
        }

        entry.Hash.Dispose();
        return null;
    }

    public void Return(string uploadId, IncrementalHash hash, long offset)
    {
        if (!_entries.TryAdd(uploadId, (hash, offset)))
        {
            hash.Dispose();
        }
    }

    public void Forget(string uploadId)
    {
        if (_entries.TryRemove(uploadId, out var entry))
        {
            entry.Hash.Dispose();
        }
    }
}
