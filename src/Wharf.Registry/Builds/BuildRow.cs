using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Registry.Builds;

/// <summary>A <c>builds</c> row as Dapper reads it (columns aliased to these names by <see cref="SqlBuildStore"/>).</summary>
internal sealed class BuildRow
{
    public const string Columns =
        """
        id AS Id, repository AS Repository, tags AS Tags, requested_by AS RequestedBy, state AS State, error AS Error,
        context_digest AS ContextDigest, git_url AS GitUrl, git_ref AS GitRef, git_subfolder AS GitSubfolder,
        git_commit AS GitCommit, dockerfile AS Dockerfile, target AS Target, build_args AS BuildArgs, no_cache AS NoCache,
        created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt, manifest_digest AS ManifestDigest,
        worker_id AS WorkerId, lease_expires_at AS LeaseExpiresAt, attempts AS Attempts, cancel_requested AS CancelRequested,
        registry_host AS RegistryHost, trigger_id AS TriggerId, source_ref AS SourceRef, reason AS Reason,
        test_command AS TestCommand, log_digest AS LogDigest, source_date_epoch AS SourceDateEpoch,
        reproducible AS Reproducible, compression AS Compression, platform AS Platform, memory_limit AS MemoryLimit,
        cache_from AS CacheFrom, cache_to AS CacheTo, secret_ids AS SecretIds, ssh_ids AS SshIds
        FROM builds
        """;

    public long Id { get; set; }

    public string Repository { get; set; } = "";

    public string Tags { get; set; } = "[]";

    public string RequestedBy { get; set; } = "";

    public string State { get; set; } = "";

    public string? Error { get; set; }

    public string? ContextDigest { get; set; }

    public string? GitUrl { get; set; }

    public string? GitRef { get; set; }

    public string? GitSubfolder { get; set; }

    public string? GitCommit { get; set; }

    public string Dockerfile { get; set; } = "";

    public string? Target { get; set; }

    public string BuildArgs { get; set; } = "{}";

    public long NoCache { get; set; }

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? FinishedAt { get; set; }

    public string? ManifestDigest { get; set; }

    public string? WorkerId { get; set; }

    public long? LeaseExpiresAt { get; set; }

    public long Attempts { get; set; }

    public long CancelRequested { get; set; }

    public string? RegistryHost { get; set; }

    public long? TriggerId { get; set; }

    public string? SourceRef { get; set; }

    public string? Reason { get; set; }

    public string? TestCommand { get; set; }

    public string? LogDigest { get; set; }

    public long? SourceDateEpoch { get; set; }

    public long Reproducible { get; set; } = 1;

    public string Compression { get; set; } = "gzip";

    public string? Platform { get; set; }

    public long? MemoryLimit { get; set; }

    public string CacheFrom { get; set; } = "[]";

    public string CacheTo { get; set; } = "[]";
    public string SecretIds { get; set; } = "[]";

    public string SshIds { get; set; } = "[]";

    public BuildRecord ToRecord()
    {
        var spec = new BuildSpec
        {
            Repository = Repository,
            Tags = JsonSerializer.Deserialize<List<string>>(Tags) ?? [],
            RequestedBy = RequestedBy,
            ContextDigest = ContextDigest is null ? null : Digest.Parse(ContextDigest),
            Git = GitUrl is null ? null : new GitContext(GitUrl, GitRef, GitSubfolder),
            Dockerfile = Dockerfile,
            Target = Target,
            BuildArgs = JsonSerializer.Deserialize<Dictionary<string, string>>(BuildArgs) ?? [],
            NoCache = NoCache == 1,
            RegistryHost = RegistryHost,
            TriggerId = TriggerId,
            SourceRef = SourceRef,
            Reason = Reason,
            Test = TestCommand,
            SourceDateEpoch = SourceDateEpoch,
            Reproducible = Reproducible == 1,
            Compression = Compression,
            Platform = Platform is null ? null : PlatformMatcher.Parse(Platform),
            MemoryLimit = MemoryLimit,
            CacheFrom = [.. (JsonSerializer.Deserialize<List<string>>(CacheFrom) ?? []).Select(ImageReference.Parse)],
            CacheTo = [.. (JsonSerializer.Deserialize<List<StoredCacheTarget>>(CacheTo) ?? []).Select(t => t.ToTarget())],
            SecretIds = Ids(SecretIds),
            SshIds = Ids(SshIds),
        };
        return new BuildRecord(
            Id,
            spec,
            BuildStates.Parse(State),
            Error,
            GitCommit,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            Time(StartedAt),
            Time(FinishedAt),
            ManifestDigest is null ? null : Digest.Parse(ManifestDigest),
            WorkerId,
            Time(LeaseExpiresAt),
            (int)Attempts,
            CancelRequested == 1,
            LogDigest is null ? null : Digest.Parse(LogDigest));
    }

    // The common case, none, as the spec's own default (the one empty array), so specs without secrets compare equal.
    private static IReadOnlyList<string> Ids(string json)
    {
        var ids = JsonSerializer.Deserialize<List<string>>(json);
        return ids is { Count: > 0 } ? ids : Array.Empty<string>();
    }
    /// <summary>The <c>cache_to</c> JSON of <paramref name="targets"/>.</summary>
    public static string CacheToJson(IReadOnlyList<BuildCacheTarget> targets) =>
        JsonSerializer.Serialize(targets.Select(t => new StoredCacheTarget(t.Reference.ToString(), t.Mode, t.IgnoreError)));

    /// <summary>The <c>cache_from</c> JSON of <paramref name="references"/>.</summary>
    public static string CacheFromJson(IReadOnlyList<ImageReference> references) =>
        JsonSerializer.Serialize(references.Select(r => r.ToString()));

    private static DateTimeOffset? Time(long? ms) => ms is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;

    /// <summary>One <c>cache_to</c> element as stored: the reference in <see cref="ImageReference"/>'s own syntax.</summary>
    private sealed record StoredCacheTarget(
        [property: JsonPropertyName("ref")] string Ref,
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("ignoreError")] bool IgnoreError)
    {
        public BuildCacheTarget ToTarget() => new(ImageReference.Parse(Ref), Mode, IgnoreError);
    }
}
