namespace Wharf.Build.State;

/// <summary>What a piece of a builder's state directory is, as <c>wharf builder du</c> groups it and a prune decides
/// about it.</summary>
public enum StateKind
{
    /// <summary>Build cache entries (<c>cache/</c>) with the layers they name: a prune removes them.</summary>
    BuildCache,

    /// <summary>Base images builds used (<c>bases/</c>: config and layers): kept unless the prune is <c>--all</c>, as
    /// docker keeps the images it pulled.</summary>
    BaseImages,

    /// <summary><c>RUN --mount=type=cache</c> directories (<c>cache-mounts/</c>).</summary>
    CacheMounts,

    /// <summary>Checkouts of <c>ADD</c>ed git repositories, one per commit and options (<c>git/</c>).</summary>
    GitCheckouts,

    /// <summary>The layering advice kept per Dockerfile and image (<c>advice/</c>).</summary>
    Advice,

    /// <summary>Blobs, unpacked layers and listings that no cache entry or base image names (a built image's config, a
    /// layer whose cache entry was replaced, an <c>ADD</c> of a URL).</summary>
    Unused,

    /// <summary>What builds that stopped left behind: scratch directories (with what was still mounted in them), runc
    /// state, half-written files. Always removed by a prune.</summary>
    Leftovers,

    /// <summary>The scratch space and half-written files of builds running now: never removed.</summary>
    RunningBuilds,
}
