using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Registry.Manifests;

namespace Wharf.Registry.Inspection;

/// <summary>The one computation behind <c>GET /api/v1/diff</c> and the UI's compare page (and the same as <c>wharf
/// diff</c>'s, <see cref="ImageDiff"/>): what pulling <c>to</c> costs a host that holds <c>from</c>, each resolved in
/// this registry, an index to its image for the platform. No access check: the caller decided the reader may pull
/// both repositories.</summary>
public sealed class ImageComparer(ManifestService manifests)
{
    public static readonly Platform DefaultPlatform = new() { Os = "linux", Architecture = "amd64" };

    /// <summary>The diff, or which of the two is missing (also when an index has no image for the platform).
    /// MANIFEST_INVALID when a manifest is an image without a config.</summary>
    public async Task<ImageComparison> CompareAsync(RepositoryReference from, RepositoryReference to, Platform platform, CancellationToken ct)
    {
        var a = await ResolveAsync(from.Name, from.Reference, platform, ct);
        var b = await ResolveAsync(to.Name, to.Reference, platform, ct);
        return a is null ? new ImageComparison(null, from)
            : b is null ? new ImageComparison(null, to)
            : new ImageComparison(ImageDiff.Compare(a, b), null);
    }

    /// <summary>The image manifest a reference names, descending into an index for the platform; null when absent.</summary>
    public async Task<ManifestContent?> ResolveAsync(RepositoryName name, Reference reference, Platform platform, CancellationToken ct)
    {
        var stored = await manifests.FindAsync(name, reference, ct);
        if (stored is null)
        {
            return null;
        }

        var content = new ManifestContent(stored.Content, stored.MediaType);
        var parsed = content.Parse();
        if (!parsed.IsIndex)
        {
            return parsed.Config is null ? throw new RegistryException(OciErrorCode.ManifestInvalid, $"{name}@{content.Digest} has no config") : content;
        }

        return PlatformMatcher.Find(parsed.Manifests, platform) is { } entry
            ? await ResolveAsync(name, Reference.ForDigest(entry.Digest), platform, ct)
            : null;
    }
}

/// <param name="Diff">Null when <paramref name="Missing"/> is not in the registry (or has no image for the platform).</param>
public sealed record ImageComparison(ImageDiff? Diff, RepositoryReference? Missing);
