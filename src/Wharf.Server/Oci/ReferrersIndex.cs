using System.Text.Json.Serialization;
using Wharf.Oci;

namespace Wharf.Server.Oci;

/// <summary>The referrers response: an OCI image index whose entries are the referring manifests.</summary>
internal sealed record ReferrersIndex([property: JsonPropertyName("manifests")] IReadOnlyList<Descriptor> Manifests)
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = MediaTypes.OciIndex;
}
