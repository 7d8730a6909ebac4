using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Metadata;
using Wharf.Registry.Notifications;

namespace Wharf.Registry.Manifests;

/// <summary>Manifest push, pull and delete, for every front end: where the rules "a manifest may only name what the
/// repository holds" and "deletes can be turned off" are enforced, where tags move, and where push, pull and delete
/// events come from: pushes and deletes also go into the webhooks' outbox in the transaction of the change (decision
/// 022).</summary>
public sealed class ManifestService(IMetadataStore metadata, TimeProvider time, RegistryPolicy policy, IRegistryEvents events)
{
    /// <summary>Validates and stores a manifest; by tag it also moves the tag. Returns the stored record.</summary>
    public async Task<StoredManifest> PutAsync(
        RepositoryName repository, Reference reference, byte[] content, string? contentType, RegistryActor actor, CancellationToken ct)
    {
        var parsed = ManifestParser.Parse(content, contentType);
        var digest = Digest.Compute(content, reference.Digest?.Algorithm ?? Digest.Sha256);
        if (reference.Digest is { } expected && expected != digest)
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, $"manifest content is {digest}, not {expected}");
        }

        await CheckDescriptorSizesAsync(repository, [.. parsed.RequiredBlobs, .. parsed.Manifests], ct);
        var blobs = parsed.RequiredBlobs.Select(d => d.Digest).ToList();
        var children = parsed.Manifests.Select(d => d.Digest).ToList();
        var stored = new StoredManifest(
            digest,
            parsed.MediaType,
            content,
            parsed.ArtifactType,
            parsed.Subject?.Digest,
            parsed.Annotations.Count == 0 ? null : JsonSerializer.Serialize(parsed.Annotations),
            blobs,
            children,
            time.GetUtcNow());
        var pushed = new RegistryEvent(AuditActions.Push, repository.Value, reference.ToString(), digest, actor, parsed.MediaType, content.Length);
        var missing = await metadata.PutManifestAsync(repository.Value, stored, reference.Tag, DistributionEvents.From(pushed, stored.CreatedAt), ct);
        if (missing.Count > 0)
        {
            throw new RegistryException(OciErrorCode.ManifestBlobUnknown, $"{repository} does not hold {string.Join(", ", missing)}");
        }

        events.Record(pushed);
        return stored;
    }

    /// <summary>A descriptor must give the size of what its digest names: clients read exactly that many bytes and
    /// fail the pull otherwise (decision 013). Content the repository does not hold yet is left to the store, which
    /// refuses the manifest with MANIFEST_BLOB_UNKNOWN inside its transaction.</summary>
    private async Task CheckDescriptorSizesAsync(RepositoryName repository, IReadOnlyList<Descriptor> descriptors, CancellationToken ct)
    {
        var sizes = await metadata.FindContentSizesAsync(repository.Value, [.. descriptors.Select(d => d.Digest)], ct);
        var wrong = descriptors
            .Where(d => sizes.TryGetValue(d.Digest, out var size) && size != d.Size)
            .Select(d => $"{d.Digest} is {sizes[d.Digest]} bytes, not {d.Size}")
            .Distinct()
            .ToList();
        if (wrong.Count > 0)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid, $"descriptor sizes do not match the content: {string.Join("; ", wrong)}");
        }
    }

    /// <summary>The manifest a tag or digest names in the repository, or null.</summary>
    public async Task<StoredManifest?> FindAsync(RepositoryName repository, Reference reference, CancellationToken ct)
    {
        return reference.Digest is { } digest
            ? await metadata.FindManifestAsync(repository.Value, digest, ct)
            : await metadata.FindTaggedManifestAsync(repository.Value, reference.Tag!, ct);
    }

    /// <summary>The manifest, as <see cref="FindAsync"/>, taken by a client: a pull event. A check that only looks
    /// (HEAD, the diff API) uses <see cref="FindAsync"/> and is no pull.</summary>
    public async Task<StoredManifest?> PullAsync(RepositoryName repository, Reference reference, RegistryActor actor, CancellationToken ct)
    {
        var manifest = await FindAsync(repository, reference, ct);
        if (manifest is not null)
        {
            events.Record(new RegistryEvent(AuditActions.Pull, repository.Value, reference.ToString(), manifest.Digest, actor, manifest.MediaType, manifest.Content.Length));
        }

        return manifest;
    }

    /// <summary>By digest: deletes the manifest and its tags. By tag: deletes only the tag (distribution-spec 1.1).
    /// UNSUPPORTED when deletes are off; MANIFEST_UNKNOWN when there is nothing to delete.</summary>
    public async Task DeleteAsync(RepositoryName repository, Reference reference, RegistryActor actor, CancellationToken ct)
    {
        policy.RequireDeletes();
        var removed = new RegistryEvent(AuditActions.Delete, repository.Value, reference.ToString(), null, actor);
        var notification = DistributionEvents.From(removed, time.GetUtcNow());
        var deleted = reference.Digest is { } digest
            ? await metadata.DeleteManifestAsync(repository.Value, digest, notification, ct)
            : await metadata.DeleteTagAsync(repository.Value, reference.Tag!, notification, ct);
        if (!deleted)
        {
            throw new RegistryException(OciErrorCode.ManifestUnknown, $"{repository}:{reference} not found");
        }

        events.Record(removed);
    }
}
