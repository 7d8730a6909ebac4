using Wharf.Build.Cache;
using Wharf.Build.Layers;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>What one build is asked to do: the context, the Dockerfile in it, the target stage, build args and how
/// the layers are written. Where the image goes is the caller's business: <see cref="ImageBuilder"/> leaves it in its
/// local store and hands back a source (<see cref="BuildResult.Image"/>) that the caller copies with
/// <c>ImageCopier</c> to a registry, a layout or an archive.</summary>
public sealed record BuildRequest
{
    /// <summary>The build context: a directory on this machine (a server unpacks an uploaded context into one).</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>The Dockerfile: relative to the context, or absolute.</summary>
    public string DockerfilePath { get; init; } = "Dockerfile";

    /// <summary>The stage to build (<c>--target</c>); null for the last one.</summary>
    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The platform the image is for (the target platform); null for this machine's. Stages are for it unless
    /// <c>FROM --platform</c> says otherwise; a RUN for a platform this machine cannot run (its own, or one a
    /// binfmt_misc handler runs) fails.</summary>
    public Platform? Platform { get; init; }

    /// <summary><c>--no-cache</c>: run every step even when the build cache has its result.</summary>
    public bool NoCache { get; init; }

    /// <summary>Reproducible output (the default): timestamps at <see cref="SourceDateEpoch"/>, canonical tar and
    /// config. False is <c>--no-reproducible</c>: real times, as <c>docker build</c> writes them.</summary>
    public bool Reproducible { get; init; } = true;

    /// <summary>Seconds since the Unix epoch that stand for "now" in a reproducible build; null: the git commit time
    /// of the context when it is a git work tree (<see cref="Wharf.Build.SourceDateEpoch"/>, unless the builder's
    /// <see cref="BuilderOptions.EpochFromContextGit"/> is off), else 0.</summary>
    public long? SourceDateEpoch { get; init; }

    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>Secrets a <c>RUN --mount=type=secret,id=ID</c> may read: id → a file on this machine. They are mounted
    /// for the one step and never reach a layer, the config or the history.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>ssh agents a <c>RUN --mount=type=ssh,id=ID</c> may use, and the <c>default</c> one an ADD of a git
    /// repository over ssh uses: id → the agent's socket on this machine (<see cref="SshAgentOption"/>). Forwarded for
    /// the one step; nothing of them reaches a layer.</summary>
    public IReadOnlyDictionary<string, string> SshAgents { get; init; } = new Dictionary<string, string>();

    /// <summary>Private key files to forward as an agent (<c>wharf build --ssh ID=KEYFILE[,KEYFILE...]</c>): id → the
    /// files. The build starts an <c>ssh-agent</c> of its own for each id, adds the files (a key with a passphrase fails
    /// the build: nothing can ask for it) and stops it when the build ends; it then serves as <see cref="SshAgents"/>
    /// would under that id (a key file's id wins over the same id there).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SshKeys { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether <c>RUN</c> steps without a <c>--network</c> of their own get the host's network (buildx's
    /// <c>--network host</c>); by default they get a namespace with only loopback. Like <c>RUN --network=host</c> it
    /// needs <see cref="BuildEntitlements.NetworkHost"/> in <see cref="Entitlements"/>.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>The privileges this build is granted (<c>wharf build --allow</c>): a RUN that needs one it lacks fails
    /// naming it. A builder grants only its <see cref="BuilderOptions.AllowedEntitlements"/>: asking for more fails the
    /// build before it starts.</summary>
    public BuildEntitlements Entitlements { get; init; }

    /// <summary>Where this build's FROM and <c>COPY --from=image</c> images come from; null: the builder's
    /// (<see cref="BuilderOptions.BaseImages"/>). A server passes one that reads its own repositories as the submitter.</summary>
    public IBaseImages? BaseImages { get; init; }

    /// <summary>Memory one RUN step's container may use in this build (<c>wharf build --memory</c>), in bytes; null: the
    /// builder's <see cref="BuilderOptions.MemoryLimitBytes"/>. It can only lower the builder's limit: the lower of the
    /// two applies.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Where this build's <see cref="CacheFrom"/> and <see cref="CacheTo"/> refs are opened; null: the builder's
    /// (<see cref="BuilderOptions.CacheStore"/>). A server passes one that reaches its own repositories as the submitter.</summary>
    public IBuildCacheStore? CacheStore { get; init; }

    /// <summary>Which builds share this one's local cache entries and cache mounts: null (a person's own builder) shares
    /// them with every build of the builder; a server names the repository the build pushes to. A step's result may hold
    /// what it made (a key a RUN generated, a cache mount's downloads), and on a server builds of many teams share one
    /// builder state: without a scope, another team's identical step would be given that result, and could poison it
    /// for the next. Builds of one repository produce images the same people may pull, so they share. The keys
    /// themselves, and what <c>--cache-to</c> exports, do not change.</summary>
    public string? CacheScope { get; init; }

    /// <summary><c>--cache-from</c>: build caches to look a step up in when the local cache lacks it, in order (the
    /// first that has a key wins). One that is missing or unreadable is a warning, never a failure. Needs a
    /// <see cref="CacheStore"/>; ignored with <see cref="NoCache"/>.</summary>
    public IReadOnlyList<ImageReference> CacheFrom { get; init; } = [];

    /// <summary><c>--cache-to</c>: where this build's cache entries are pushed once it has succeeded. Needs a
    /// <see cref="CacheStore"/>.</summary>
    public IReadOnlyList<CacheExport> CacheTo { get; init; } = [];

    /// <summary><c>--test</c>: a shell command run in the built image once its last stage is built, as a <c>RUN</c> in
    /// shell form would run there (the image's SHELL, <c>/bin/sh -c</c> by default; its Env, User and WorkingDir; no network
    /// but loopback; RUN's limits), whose non-zero exit fails the build, so nothing is pushed (Docker Hub's <c>sut</c>
    /// service). What it writes is thrown away: no layer, no history, no cache entry; the image is the one a build without
    /// it makes. Null: no test.</summary>
    public string? Test { get; init; }
}
