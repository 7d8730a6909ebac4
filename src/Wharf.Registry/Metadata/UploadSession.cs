using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>An upload in progress. Its bytes are staged in the blob store as parts (decision 009); the session and its
/// recorded parts in the metadata store are what any node (or the same node after a restart) continues it from.</summary>
/// <param name="Id">The upload id (also the name its parts are staged under in the blob store).</param>
/// <param name="Repository">The repository the blob will be linked into.</param>
/// <param name="StartedAt">When the session began, for purging abandoned ones.</param>
/// <param name="CompletingDigest">Set, once the content is verified, just before the parts are committed under this
/// digest: a session that has it while the blob exists was committed and only needs linking.</param>
/// <param name="Size">The upload's offset: the sum of its recorded parts' lengths, moved only by
/// <see cref="IMetadataStore.AppendUploadPartAsync"/>.</param>
public sealed record UploadSession(string Id, string Repository, DateTimeOffset StartedAt, Digest? CompletingDigest = null, long Size = 0);
