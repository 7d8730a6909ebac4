using Wharf.Build.Images;

namespace Wharf.Build.Cache;

/// <summary>One build cache entry: the layer a step made (null when it made none) and the epoch its times were written
/// at (null when the build was not reproducible, or the entry is from before epochs were recorded). A step's
/// <see cref="CacheKey"/> leaves the epoch out, so a layer made at one epoch serves a build at another once re-dated
/// (<see cref="CachedLayers"/>).</summary>
internal sealed record CacheEntry(ImageLayer? Layer, long? Epoch = null);
