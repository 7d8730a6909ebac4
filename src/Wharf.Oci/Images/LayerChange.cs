using System.Text.Json.Serialization;

namespace Wharf.Oci.Images;

/// <summary>One layer of the newer image in an <see cref="ImageDiff"/>: shared with the older one, or new.</summary>
public sealed record LayerChange(
    [property: JsonPropertyName("layer")] Descriptor Layer,
    [property: JsonPropertyName("shared")] bool Shared);
