using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>A manifest whose <c>subject</c> names another: one entry of the referrers index.</summary>
public sealed record Referrer(Digest Digest, string MediaType, long Size, string? ArtifactType, string? AnnotationsJson);
