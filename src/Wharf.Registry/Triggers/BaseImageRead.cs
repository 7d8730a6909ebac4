using Wharf.Oci;

namespace Wharf.Registry.Triggers;

/// <summary>An image of this registry a build read by tag (a FROM, a <c>COPY --from</c>, a <c>RUN --mount</c> from an
/// image): the repository, the tag, and the manifest the tag named then.</summary>
public sealed record BaseImageRead(string Repository, string Tag, Digest Digest);
