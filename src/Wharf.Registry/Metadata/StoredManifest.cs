using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>A manifest as the metadata store keeps it: the exact bytes pushed (their digest is the identity),
/// and what the registry derived from them for references, referrers and garbage collection.</summary>
public sealed record StoredManifest(
    Digest Digest,
    string MediaType,
    byte[] Content,
    string? ArtifactType,
    Digest? Subject,
    string? AnnotationsJson,
    IReadOnlyList<Digest> Blobs,
    IReadOnlyList<Digest> Children,
    DateTimeOffset CreatedAt);
