using Wharf.Build.Images;

namespace Wharf.Build.Cache;

/// <summary>One build cache entry: the layer a step made, or null when it made none.</summary>
internal sealed record CacheEntry(ImageLayer? Layer);
