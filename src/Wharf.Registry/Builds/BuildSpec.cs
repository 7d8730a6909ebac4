using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Registry.Builds;

/// <summary>What a build is asked to do, as submitted: where its context is (exactly one of
/// <see cref="ContextDigest"/> and <see cref="Git"/>), the Dockerfile, target, build args and the other options of
/// <c>wharf build</c> that a server build takes, and where the image goes.
/// The submitter's right to push there was checked before it was queued; the worker pushes on that decision.</summary>
public sealed record BuildSpec
{
    public required string Repository { get; init; }

    /// <summary>The tags the image is pushed under; at least one.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The account that asked; "" on a server without auth.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>An uploaded context (tar or tar.gz) stored as a blob of the shared blob store.</summary>
    public Digest? ContextDigest { get; init; }

    public GitContext? Git { get; init; }

    /// <summary>Relative to the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public bool NoCache { get; init; }

    /// <summary>A shell command run in the built image before it is pushed, whose failure fails the build (issue 10's
    /// test step: <c>BuildRequest.Test</c>); null for none.</summary>
    public string? Test { get; init; }

    /// <summary>The reproducible epoch, seconds since 1970, as the submitter resolved it (<c>wharf build --server</c>
    /// resolves it as a local build would: <c>--source-date-epoch</c>, <c>$SOURCE_DATE_EPOCH</c>, their context's git
    /// commit time, else 0); null: a git context's commit time, else 0. The worker never asks git about an uploaded
    /// context.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>False for <c>--no-reproducible</c>: real timestamps, no epoch.</summary>
    public bool Reproducible { get; init; } = true;

    /// <summary>The layers' compression: <c>gzip</c> (the default), <c>zstd</c> or <c>none</c>.</summary>
    public string Compression { get; init; } = "gzip";

    /// <summary>The platform the image is for; null: the worker's own.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Memory one RUN step may use in this build, in bytes; null: the worker's <c>Builds:StepMemoryLimit</c>,
    /// which this can only lower (checked at submission against the submitting node's limit; the worker applies the
    /// lower of the two).</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Build caches to take steps from (<c>--cache-from</c>), in order: one of this registry is read as
    /// <see cref="RequestedBy"/> with their pull right at the time of the build, any other anonymously.</summary>
    public IReadOnlyList<ImageReference> CacheFrom { get; init; } = [];

    /// <summary>Where the build's cache entries go once it succeeds (<c>--cache-to</c>): tags of this registry only, which
    /// <see cref="RequestedBy"/> could push to when it was queued (and is asked again when it exports).</summary>
    public IReadOnlyList<BuildCacheTarget> CacheTo { get; init; } = [];

    /// <summary>The host[:port] the submitter reached this registry by (the request's Host); a FROM naming it is an image
    /// of this registry, read as <see cref="RequestedBy"/> with their pull right. Null: every FROM goes over the network.</summary>
    public string? RegistryHost { get; init; }

    /// <summary>The trigger that queued it (issue 10); null for a build someone submitted.</summary>
    public long? TriggerId { get; init; }

    /// <summary>The full ref a trigger's build is for (<c>refs/heads/main</c>); its git context's ref is the commit when
    /// the push named one.</summary>
    public string? SourceRef { get; init; }

    /// <summary>Why it was queued: <see cref="BuildReasons"/>; null for a build someone submitted.</summary>
    public string? Reason { get; init; }

    /// <summary>The ids of the secrets it was given (<c>RUN --mount=type=secret,id=ID</c>), in ordinal order. Only the
    /// ids: the values are sealed in <c>build_secrets</c> while it is queued or running, and deleted when it ends
    /// (<see cref="BuildSecrets"/>). Set by <see cref="SqlBuildStore.EnqueueAsync(BuildSpec, IReadOnlyList{SealedBuildSecret}, CancellationToken)"/>
    /// from the secrets queued with it.</summary>
    public IReadOnlyList<string> SecretIds { get; init; } = [];

    /// <summary>The ssh ids it was given key files for (<c>RUN --mount=type=ssh,id=ID</c>), as <see cref="SecretIds"/>.</summary>
    public IReadOnlyList<string> SshIds { get; init; } = [];

    /// <summary>Whether it was given secrets or key files, which only its own run can have.</summary>
    public bool HasSecrets => SecretIds.Count > 0 || SshIds.Count > 0;
}
