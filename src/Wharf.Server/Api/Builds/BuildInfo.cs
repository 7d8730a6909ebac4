using Wharf.Build.Cache;
using Wharf.Registry.Builds;
using Wharf.Server.Builds;

namespace Wharf.Server.Api.Builds;

/// <summary>A build as the API shows it. <c>context</c> is <c>upload</c> (with <c>contextDigest</c>) or <c>git</c>
/// (with <c>git</c>); <c>state</c> one of queued, running, succeeded, failed, cancelled; <c>error</c> the one line a
/// failed build ended with; <c>manifestDigest</c> what its tags name after a success; <c>triggerId</c>, <c>sourceRef</c>
/// and <c>reason</c> (webhook, poll, manual, base-image, retry) for a trigger's build; <c>test</c> the command run in the
/// built image before the push; then the options of <c>wharf build</c> it was asked with: <c>sourceDateEpoch</c> (null: a
/// git context's commit time, else 0), <c>reproducible</c>, <c>compression</c>, <c>platform</c> (null: the worker's),
/// <c>memoryLimit</c> (bytes per RUN step; null: the server's), <c>cacheFrom</c> and <c>cacheTo</c>; <c>secretIds</c> and
/// <c>sshIds</c> the ids of the secrets and ssh key files it was given (their values are never shown, and are deleted
/// when the build ends).</summary>
internal sealed record BuildInfo(
    long Id,
    string Repository,
    IReadOnlyList<string> Tags,
    string State,
    string? Error,
    string RequestedBy,
    string Context,
    string? ContextDigest,
    GitSource? Git,
    string Dockerfile,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArgs,
    bool NoCache,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? ManifestDigest,
    int Attempts,
    string? WorkerId,
    bool CancelRequested,
    long? TriggerId,
    string? SourceRef,
    string? Reason,
    string? Test,
    long? SourceDateEpoch,
    bool Reproducible,
    string Compression,
    string? Platform,
    long? MemoryLimit,
    IReadOnlyList<string> CacheFrom,
    IReadOnlyList<BuildCacheInfo> CacheTo,
    IReadOnlyList<string> SecretIds,
    IReadOnlyList<string> SshIds)
{
    public static BuildInfo From(BuildRecord b) => new(
        b.Id,
        b.Spec.Repository,
        b.Spec.Tags,
        BuildStates.Word(b.State),
        b.Error,
        b.Spec.RequestedBy,
        b.Spec.Git is null ? "upload" : "git",
        b.Spec.ContextDigest?.ToString(),
        b.Spec.Git is { } git ? new GitSource(GitUrls.Redact(git.Url), git.Ref, git.Subfolder, b.GitCommit) : null,
        b.Spec.Dockerfile,
        b.Spec.Target,
        b.Spec.BuildArgs,
        b.Spec.NoCache,
        b.CreatedAt,
        b.StartedAt,
        b.FinishedAt,
        b.ManifestDigest?.ToString(),
        b.Attempts,
        b.WorkerId,
        b.CancelRequested,
        b.Spec.TriggerId,
        b.Spec.SourceRef,
        b.Spec.Reason,
        b.Spec.Test,
        b.Spec.SourceDateEpoch,
        b.Spec.Reproducible,
        b.Spec.Compression,
        b.Spec.Platform?.ToString(),
        b.Spec.MemoryLimit,
        [.. b.Spec.CacheFrom.Select(BuildCacheFlags.Text)],
        [.. b.Spec.CacheTo.Select(t => new BuildCacheInfo(BuildCacheFlags.Text(t.Reference), t.Mode, t.IgnoreError))],
        b.Spec.SecretIds,
        b.Spec.SshIds);
}
