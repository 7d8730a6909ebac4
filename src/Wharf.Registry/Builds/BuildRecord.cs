using Wharf.Oci;

namespace Wharf.Registry.Builds;

/// <summary>A build as the queue holds it: what was asked (<see cref="Spec"/>) and how far it got.</summary>
/// <param name="Error">Why it failed or was given up: one line, naming the failing step where there is one.</param>
/// <param name="GitCommit">The commit a git context's ref resolved to, once a worker cloned it.</param>
/// <param name="WorkerId">The worker that runs it (or last ran it).</param>
/// <param name="LeaseExpiresAt">Until when that worker's claim holds, while it is running.</param>
/// <param name="Attempts">How many times a worker claimed it (more than one after a worker died or stopped).</param>
/// <param name="LogDigest">The blob its whole log was moved into once it ended (<see cref="BuildLogArchive"/>); null while
/// the log is rows.</param>
public sealed record BuildRecord(
    long Id,
    BuildSpec Spec,
    BuildState State,
    string? Error,
    string? GitCommit,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    Digest? ManifestDigest,
    string? WorkerId,
    DateTimeOffset? LeaseExpiresAt,
    int Attempts,
    bool CancelRequested,
    Digest? LogDigest = null);
