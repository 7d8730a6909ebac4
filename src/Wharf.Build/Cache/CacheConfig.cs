using System.Text.Json.Serialization;

namespace Wharf.Build.Cache;

/// <summary>The config blob of a build cache in a registry (<see cref="CacheManifest.ConfigMediaType"/>): one entry
/// per step key, sorted by key. Decision 019.</summary>
internal sealed record CacheConfig([property: JsonPropertyName("entries")] IReadOnlyList<CacheConfigEntry> Entries);
