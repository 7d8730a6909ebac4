namespace Wharf.Build;

/// <summary>How an <see cref="ImageBuilder"/> is set up on this machine.</summary>
public sealed record BuilderOptions
{
    /// <summary>Where the builder keeps blobs by digest, unpacked layers, the build cache and each build's scratch
    /// space. Several builds may share it.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Where FROM images come from, unless a build brings its own (<see cref="BuildRequest.BaseImages"/>).</summary>
    public required IBaseImages BaseImages { get; init; }

    /// <summary>A builder shared by people who may not see each other's images (a server's workers): a base image blob
    /// already in the store is used only after the image's own source has shown it holds that blob too, so knowing a
    /// digest never lends anyone a layer of an image they may not pull. One ranged read of a byte per cached blob.</summary>
    public bool ConfirmCachedBlobs { get; init; }

    /// <summary>Where <see cref="BuildRequest.CacheFrom"/> and <see cref="BuildRequest.CacheTo"/> refs are opened; null
    /// for a builder with no registry cache (a request naming one then fails for <c>--cache-to</c> and warns for
    /// <c>--cache-from</c>).</summary>
    public IBuildCacheStore? CacheStore { get; init; }

    /// <summary>Whether an entry taken from a <c>--cache-from</c> ref joins the local build cache that every later build
    /// on this state directory reads (true, the CLI's), or serves only the build that named the ref (false, a server's).
    /// An imported entry is what whoever may push to that ref says a step makes (decision 019): on a builder shared by
    /// people who do not trust each other, letting it into the shared cache would let one team choose the layers of
    /// another team's identical steps.</summary>
    public bool ShareImportedCache { get; init; } = true;

    /// <summary>Whether a reproducible build without <see cref="BuildRequest.SourceDateEpoch"/> takes the commit time of
    /// the context's git work tree by running <c>git log</c> in it (true, the CLI's), or 0 (false, a server's). git obeys
    /// the repository's own configuration: in an uploaded <c>.git</c>, <c>log.showSignature</c> with <c>gpg.program</c>
    /// runs any program the upload names, outside the build's sandbox. A server's submitter resolves the epoch on their
    /// own machine and sends it.</summary>
    public bool EpochFromContextGit { get; init; } = true;

    /// <summary>The entitlements a build may be granted here (buildkitd's <c>--allow-insecure-entitlement</c>): none by
    /// default, as a server's builder keeps it, so no request can take the host's network or an unconfined RUN; the
    /// local <c>wharf build</c>, run by root on its own machine, allows both.</summary>
    public BuildEntitlements AllowedEntitlements { get; init; }

    /// <summary>The <c>runc</c> binary.</summary>
    public string Runc { get; init; } = "runc";

    /// <summary>Memory limit of one RUN step's container, in bytes; null for none. A request may lower it for its build
    /// (<see cref="BuildRequest.MemoryLimitBytes"/>), never raise it.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Most processes one RUN step may have at once; null for none.</summary>
    public int? ProcessLimit { get; init; } = 4096;

    /// <summary>Whether steps run on overlayfs (true) or on a copied tree compared by walking it (false); null: overlayfs
    /// when this machine can mount it.</summary>
    public bool? UseOverlay { get; init; }

    /// <summary>Where binfmt_misc lists its handlers: a RUN in a stage of another architecture runs only when one
    /// of them (qemu-user's, say) runs that architecture's programs.</summary>
    public string BinfmtMiscDirectory { get; init; } = "/proc/sys/fs/binfmt_misc";

    /// <summary>Longest one RUN step may take before it is killed and the build fails.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(1);
}
