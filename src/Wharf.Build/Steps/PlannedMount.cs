using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Steps;

/// <summary>One <c>RUN --mount</c> resolved before its step: the container path it covers, the host path it shows (a
/// bind's source, a secret's file, the path a cache mount is first filled from; null for a tmpfs and an empty cache),
/// whether that is a file, the identity of the stage or image it comes from (null for the build context), and for a
/// context directory part of which <c>.dockerignore</c> excludes, the filter its bind is shown through.</summary>
internal sealed record PlannedMount(RunMount Mount, string Target, string? Source, bool IsFile, string? SourceIdentity, FilteredContext? Filter = null);
