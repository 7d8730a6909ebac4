namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// One <c>RUN --mount=</c>. Unset options are null; <see cref="ReadOnly"/> already holds the type's default
/// (bind and secret and ssh read-only, cache and tmpfs writable). <see cref="Spec"/> is the flag's text: options
/// holding a variable are only known once the evaluator substitutes it and parses the spec again.
/// </summary>
public sealed record RunMount(
    string Spec,
    RunMountType Type,
    string? Target,
    string? Source,
    string? From,
    string? Id,
    bool ReadOnly,
    CacheSharing? Sharing,
    bool Required,
    long? SizeLimit,
    uint? Mode,
    uint? Uid,
    uint? Gid,
    string? Env);
