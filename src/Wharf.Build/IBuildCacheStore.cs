using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>Where the build cache refs of <c>--cache-from</c> and <c>--cache-to</c> are opened. The builder reads and
/// writes the cache manifest itself (Cache/CacheManifest) through these ends, so an implementation only knows how to
/// reach a repository: the CLI's is <see cref="Cache.RegistryBuildCacheStore"/>, with docker's credentials.</summary>
public interface IBuildCacheStore
{
    /// <summary>Opens a cache ref for reading. Nothing need be requested yet: a missing ref shows as
    /// <see cref="ImageNotFoundException"/> when its manifest is asked for.</summary>
    Task<IImageSource> OpenSourceAsync(ImageReference reference, CancellationToken ct);

    /// <summary>Opens a cache ref for writing; nothing is written until a blob or the manifest is put.</summary>
    Task<IImageDestination> OpenDestinationAsync(ImageReference reference, CancellationToken ct);
}
