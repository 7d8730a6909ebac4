using System.Text.Json.Serialization;
using Wharf.Oci;

namespace Wharf.Build.Images;

/// <summary>The OCI image manifest a build writes (image-spec manifest.md), fields in the order they are written.</summary>
internal sealed record ImageManifest(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("config")] Descriptor Config,
    [property: JsonPropertyName("layers")] IReadOnlyList<Descriptor> Layers);
