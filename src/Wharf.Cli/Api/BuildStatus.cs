namespace Wharf.Cli.Api;

/// <summary>A build as <c>/api/v1/builds</c> shows it (docs/api.md). <see cref="State"/> is queued, running, succeeded,
/// failed or cancelled; <see cref="Error"/> the one line a failed build ended with.</summary>
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
    bool CancelRequested)
{
    public bool HasEnded => State is "succeeded" or "failed" or "cancelled";
}
