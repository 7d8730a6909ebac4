using System.Text.Json;
using Wharf.Build.Images;
using Wharf.Build.Store;

namespace Wharf.Build.Cache;

/// <summary>The local build cache, <c>&lt;state&gt;/cache/&lt;key&gt;.json</c>: for each <see cref="CacheKey"/>, the layer
/// the step made (or that it made none) and the epoch of its times. An entry is used only while its blob is still in the <see cref="BlobCache"/>;
/// entries are written by rename, so concurrent builds never read half of one. With a scope
/// (<see cref="BuildRequest.CacheScope"/>) an entry's file is named by the scope and the key together, so builds of other
/// scopes never find it.</summary>
internal sealed class BuildCache
{
    private readonly string _directory;
    private readonly BlobCache _blobs;
    private readonly string? _scope;

    public BuildCache(string directory, BlobCache blobs, string? scope = null)
    {
        _directory = directory;
        _blobs = blobs;
        _scope = scope;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The recorded result when the cache has the key (and the layer's blob), else null.</summary>
    public CacheEntry? Find(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), BuildJson.Default.CacheEntry);
            if (entry is null || (entry.Layer is not null && !_blobs.Contains(entry.Layer.Blob.Digest)))
            {
                return null;
            }

            LastUse.Touch(path); // a prune removes the least recently used entries first
            return entry;
        }
        catch (JsonException)
        {
            return null; // an entry from another version: rebuild and overwrite it
        }
    }

    public void Put(string key, CacheEntry entry)
    {
        var temporary = Path.Combine(_directory, $".tmp-{Guid.NewGuid():N}");
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(entry, BuildJson.Default.CacheEntry));
        File.Move(temporary, PathOf(key), overwrite: true);
    }

    private string PathOf(string key) => Path.Combine(_directory, (_scope is null ? key : CacheKey.Scoped(_scope, key)) + ".json");
}
