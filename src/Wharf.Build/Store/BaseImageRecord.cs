using Wharf.Build.Images;
using Wharf.Oci;

namespace Wharf.Build.Store;

/// <summary>What one base image (a FROM, <c>COPY --from</c> or mount of an image) keeps in the state: its config blob and
/// its layers, whose blobs, unpacked directories and listings a prune keeps with the record.</summary>
internal sealed record BaseImageRecord(Digest Config, IReadOnlyList<ImageLayer> Layers);
