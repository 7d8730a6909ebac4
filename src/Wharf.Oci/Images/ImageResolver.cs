namespace Wharf.Oci.Images;

/// <summary>From a root manifest to one image manifest: an index is resolved to the platform asked for, or to this
/// machine's (as docker pull does).</summary>
public static class ImageResolver
{
    public static async Task<ManifestContent> ResolveAsync(IImageSource source, ManifestContent root, Platform? platform, CancellationToken ct)
    {
        var parsed = root.Parse();
        if (!parsed.IsIndex)
        {
            return root;
        }

        var wanted = platform ?? PlatformMatcher.Host;
        var entry = PlatformMatcher.Find(parsed.Manifests, wanted)
            ?? throw new ImageNotFoundException(
                $"{source.Reference} has no {wanted} image; it has {string.Join(", ", parsed.Manifests.Select(m => m.Platform?.ToString() ?? m.Digest.ToString()))} (choose with --platform)");
        return await source.GetManifestAsync(entry.Digest, ct);
    }
}
