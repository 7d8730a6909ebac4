using System.Text.Json.Serialization;
using Wharf.Oci;

namespace Wharf.Build.Images;

/// <summary>The config's <c>rootfs</c>: the diffIDs (digests of the uncompressed layer tars) in order.</summary>
public sealed record RootFs
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];
}
