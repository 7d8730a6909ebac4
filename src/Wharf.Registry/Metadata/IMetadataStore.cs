using Wharf.Oci;
using Wharf.Registry.Notifications;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Metadata;

/// <summary>Everything about content except its bytes: repositories, which blobs each repository links,
/// manifests (bytes included: they are small), tags, references between them, and upload sessions.
/// Every write is safe for several Wharf nodes sharing one database: no caller needs an in-process lock.</summary>
public interface IMetadataStore
{
    /// <summary>Creates the schema or brings it up to date. Idempotent.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>The size of <paramref name="digest"/> if the repository links it, else null.</summary>
    Task<long?> FindBlobLinkAsync(string repository, Digest digest, CancellationToken ct);

    /// <summary>Links a stored blob into a repository, creating the repository if needed. Idempotent.</summary>
    Task LinkBlobAsync(string repository, Digest digest, long size, CancellationToken ct);

    /// <summary>Removes a repository's link to a blob; false when there was none.</summary>
    Task<bool> UnlinkBlobAsync(string repository, Digest digest, CancellationToken ct);

    /// <summary>Links into <paramref name="repository"/> a blob that <paramref name="from"/> links (a cross-repository
    /// mount), atomically; false, and nothing changed, when <paramref name="from"/> does not link it.</summary>
    Task<bool> MountBlobAsync(string from, string repository, Digest digest, CancellationToken ct);

    /// <summary>Stores a manifest and, when <paramref name="tag"/> is given, points the tag at it, in one
    /// transaction that first checks the repository links every blob and holds every child manifest the
    /// manifest names. Returns what is missing; when anything is, nothing is stored. Storing the same manifest
    /// again is a no-op apart from the tag move. <paramref name="notification"/>, when given, goes into the outbox in the
    /// same transaction (<see cref="NotificationOutbox"/>): it exists exactly when the put does. So does a rebuild owed to the
    /// triggers whose builds read the tag, when the tag moves to another manifest (<see cref="Triggers.BaseImageRebuilds"/>).</summary>
    Task<IReadOnlyList<Digest>> PutManifestAsync(string repository, StoredManifest manifest, string? tag, OutboxEvent? notification, CancellationToken ct);

    Task<StoredManifest?> FindManifestAsync(string repository, Digest digest, CancellationToken ct);

    /// <summary>The sizes of those of <paramref name="digests"/> the repository holds, as a linked blob or a stored
    /// manifest (its byte length), in one query; absent ones are left out. A digest's size never changes, so this may
    /// be asked outside the transaction that later stores what names them.</summary>
    Task<IReadOnlyDictionary<Digest, long>> FindContentSizesAsync(string repository, IReadOnlyCollection<Digest> digests, CancellationToken ct);

    Task<Digest?> FindTagAsync(string repository, string tag, CancellationToken ct);

    /// <summary>The manifest a tag points at, in one round trip (the hot path of every pull by tag), or null.</summary>
    Task<StoredManifest?> FindTaggedManifestAsync(string repository, string tag, CancellationToken ct);

    /// <summary>Deletes a manifest and every tag pointing at it; false when the repository has no such manifest.
    /// <paramref name="notification"/> goes into the outbox in the same transaction, when something was deleted.</summary>
    Task<bool> DeleteManifestAsync(string repository, Digest digest, OutboxEvent? notification, CancellationToken ct);

    /// <summary>Deletes a tag (not the manifest); false when there was no such tag. <paramref name="notification"/> goes
    /// into the outbox in the same transaction, when something was deleted.</summary>
    Task<bool> DeleteTagAsync(string repository, string tag, OutboxEvent? notification, CancellationToken ct);

    /// <summary>Tags in lexical order after <paramref name="last"/>, at most <paramref name="limit"/>; null when
    /// the repository does not exist.</summary>
    Task<IReadOnlyList<string>?> ListTagsAsync(string repository, string? last, int limit, CancellationToken ct);

    /// <summary>Repository names in lexical order after <paramref name="last"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken ct);

    /// <summary>Manifests of the repository whose subject is <paramref name="subject"/>, optionally only those of one artifact type.</summary>
    Task<IReadOnlyList<Referrer>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken ct);

    Task CreateUploadAsync(UploadSession session, CancellationToken ct);

    Task<UploadSession?> FindUploadAsync(string id, CancellationToken ct);

    /// <summary>Appends a staged part to an upload in one transaction: moves the upload's size from exactly
    /// <paramref name="expectedOffset"/> to <paramref name="expectedOffset"/> + the part's length and records the part at
    /// that offset. False, and nothing recorded, when the session is gone, is completing, or is no longer
    /// <paramref name="expectedOffset"/> bytes long because another writer appended first: this row, not the staging,
    /// decides an upload's offset and its single writer (decision 009).</summary>
    Task<bool> AppendUploadPartAsync(string id, long expectedOffset, StagedPart part, CancellationToken ct);

    /// <summary>The upload's recorded parts in offset order; empty when it has none (or does not exist).</summary>
    Task<IReadOnlyList<StagedPart>> ListUploadPartsAsync(string id, CancellationToken ct);

    /// <summary>Records the verified digest an upload is about to be committed under, which also keeps garbage
    /// collection off that digest. False, and nothing recorded, while a deletion of the digest is in progress
    /// (<see cref="BeginBlobDeletionAsync"/>): the caller waits for it to end (or takes it over once its lease is
    /// over) and asks again. Idempotent.</summary>
    Task<bool> MarkUploadCompletingAsync(string id, Digest digest, CancellationToken ct);

    /// <summary>Forgets an upload session and its recorded parts; false when there was none. Idempotent.</summary>
    Task<bool> DeleteUploadAsync(string id, CancellationToken ct);

    /// <summary>Upload sessions started before <paramref name="cutoff"/>, for purging abandoned uploads.</summary>
    Task<IReadOnlyList<UploadSession>> ListUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Garbage collection: removes blob links created before <paramref name="linkedBefore"/> that no
    /// manifest of their repository names. Returns how many were removed.</summary>
    Task<int> DeleteUnreferencedBlobLinksAsync(DateTimeOffset linkedBefore, CancellationToken ct);

    /// <summary>Garbage collection: of <paramref name="digests"/>, those no repository links, no manifest names, no
    /// upload is completing under and no queued or running build has as its context (decision 017). A hint only:
    /// <see cref="BeginBlobDeletionAsync"/> decides.</summary>
    Task<IReadOnlyList<Digest>> FindUnreferencedBlobsAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct);

    /// <summary>Garbage collection: atomically checks that nothing references the blob (as
    /// <see cref="FindUnreferencedBlobsAsync"/>) and records that its deletion has begun — a lease of
    /// <c>BlobDeletionLease.Duration</c>, which this call also takes over from a deletion begun longer ago than that.
    /// False when something references the blob, or another deletion of it is still within its lease: only the holder
    /// of the lease deletes the bytes. Until <see cref="EndBlobDeletionAsync"/>, no upload can complete under the
    /// digest.</summary>
    Task<bool> BeginBlobDeletionAsync(Digest digest, CancellationToken ct);

    /// <summary>Records that the blob's bytes are gone. Idempotent.</summary>
    Task EndBlobDeletionAsync(Digest digest, CancellationToken ct);

    /// <summary>Deletions begun before <paramref name="startedBefore"/> and not ended (a collector stopped or died
    /// halfway), to be finished by whoever finds them once their lease is over (decision 005).</summary>
    Task<IReadOnlyList<Digest>> ListBlobDeletionsAsync(DateTimeOffset startedBefore, CancellationToken ct);

    /// <summary>When the deletion of <paramref name="digest"/> in progress began (or was begun again); null when none is.</summary>
    Task<DateTimeOffset?> FindBlobDeletionAsync(Digest digest, CancellationToken ct);
}
