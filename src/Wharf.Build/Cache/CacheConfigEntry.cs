using System.Text.Json.Serialization;

namespace Wharf.Build.Cache;

/// <summary>One entry of a <see cref="CacheConfig"/>: a step's <see cref="CacheKey"/> and the layer it made, or
/// <c>"layer": null</c> when it made none.</summary>
internal sealed record CacheConfigEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("layer")] CacheConfigLayer? Layer);
