namespace Wharf.Cli.Api;

/// <summary>A build as <c>/api/v1/builds</c> shows it (docs/api.md). <see cref="State"/> is queued, running, succeeded,
/// failed or cancelled; <see cref="Error"/> the one line a failed build ended with; a trigger's build also says which
/// trigger, ref and reason (webhook, poll, manual, base-image, retry); <see cref="Test"/> the command run in the built
/// image before the push; then the options of <c>wharf build</c> it was asked with (null from a server older than
/// them).</summary>
internal sealed record BuildStatus(
    long Id,
    string Repository,
    IReadOnlyList<string> Tags,
    string State,
    string? Error,
    string RequestedBy,
    string Context,
    string? ContextDigest,
    GitBuildSource? Git,
    string Dockerfile,
    string? Target,
    IReadOnlyDictionary<string, string>? BuildArgs,
    bool NoCache,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? ManifestDigest,
    int Attempts,
    string? WorkerId,
    bool CancelRequested,
    long? TriggerId = null,
    string? SourceRef = null,
    string? Reason = null,
    string? Test = null,
    long? SourceDateEpoch = null,
    bool? Reproducible = null,
    string? Compression = null,
    string? Platform = null,
    long? MemoryLimit = null,
    IReadOnlyList<string>? CacheFrom = null,
    IReadOnlyList<BuildCacheStatus>? CacheTo = null)
{
    public bool HasEnded => State is "succeeded" or "failed" or "cancelled";
}
