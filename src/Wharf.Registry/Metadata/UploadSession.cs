using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>An upload in progress. Its bytes are staged in the blob store under <see cref="Id"/>; recording the
/// session in the metadata store lets any node (or the same node after a restart) continue it.</summary>
/// <param name="Id">The upload id (also the staging name in the blob store).</param>
/// <param name="Repository">The repository the blob will be linked into.</param>
/// <param name="StartedAt">When the session began, for purging abandoned ones.</param>
/// <param name="CompletingDigest">Set, once the content is verified, just before the staged bytes are committed
/// under this digest: a session that has it but no staged bytes left was committed and only needs linking.</param>
public sealed record UploadSession(string Id, string Repository, DateTimeOffset StartedAt, Digest? CompletingDigest = null);
