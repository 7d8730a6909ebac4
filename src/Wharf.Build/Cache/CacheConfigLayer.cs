using System.Text.Json.Serialization;
using Wharf.Build.Images;
using Wharf.Oci;

namespace Wharf.Build.Cache;

/// <summary>A cache entry's layer: the blob's descriptor fields (it is also one of the cache manifest's layers, so the
/// registry keeps it) and the diffID an image config lists for it.</summary>
internal sealed record CacheConfigLayer(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("digest")] Digest Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("diffID")] Digest DiffId)
{
    public static CacheConfigLayer Of(ImageLayer layer) => new(layer.Blob.MediaType, layer.Blob.Digest, layer.Blob.Size, layer.DiffId);

    public ImageLayer ToLayer() => new(Descriptor, DiffId);

    [JsonIgnore]
    public Descriptor Descriptor => new() { MediaType = MediaType, Digest = Digest, Size = Size };
}
