using System.Text.Json.Serialization;
using Wharf.Oci;

namespace Wharf.Build.Cache;

/// <summary>The OCI image manifest a build cache is pushed as: an artifact (image-spec 1.1 <c>artifactType</c>) whose
/// config is the <see cref="CacheConfig"/> and whose layers are the entries' layer blobs.</summary>
internal sealed record CacheImageManifest(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("artifactType")] string ArtifactType,
    [property: JsonPropertyName("config")] Descriptor Config,
    [property: JsonPropertyName("layers")] IReadOnlyList<Descriptor> Layers);
