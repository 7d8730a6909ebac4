using System.Text.Json.Serialization;

namespace Wharf.Build.Cache;

/// <summary>One entry of a <see cref="CacheConfig"/>: a step's <see cref="CacheKey"/>, the layer it made (or
/// <c>"layer": null</c> when it made none) and the epoch that layer's times were written at (absent when the build
/// was not reproducible).</summary>
internal sealed record CacheConfigEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("layer")] CacheConfigLayer? Layer,
    [property: JsonPropertyName("epoch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Epoch = null);
