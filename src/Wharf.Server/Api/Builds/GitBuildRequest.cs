namespace Wharf.Server.Api.Builds;

/// <summary>The JSON body of <c>POST /api/v1/builds</c> for a context in a git repository. Without
/// <see cref="SourceDateEpoch"/> a reproducible build's epoch is the commit's time; <see cref="CacheFrom"/> and
/// <see cref="CacheTo"/> take <c>wharf build --cache-from/--cache-to</c>'s syntax.</summary>
internal sealed record GitBuildRequest(
    string? Repository,
    IReadOnlyList<string>? Tags,
    GitSource? Git,
    string? Dockerfile = null,
    string? Target = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool NoCache = false,
    string? Test = null,
    long? SourceDateEpoch = null,
    bool Reproducible = true,
    string? Compression = null,
    string? Platform = null,
    long? MemoryLimit = null,
    IReadOnlyList<string>? CacheFrom = null,
    IReadOnlyList<string>? CacheTo = null);
