using Wharf.Build.Images;

namespace Wharf.Build.Cache;

/// <summary>A build cache entry with its key: what a step's key gave (its layer, or null for none, and the epoch the
/// layer's times are at), as exported.</summary>
internal sealed record KeyedCacheEntry(string Key, ImageLayer? Layer, long? Epoch = null);
