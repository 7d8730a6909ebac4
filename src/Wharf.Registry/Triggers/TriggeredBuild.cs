namespace Wharf.Registry.Triggers;

/// <summary>What a pushed ref led to: the build queued for it (<see cref="BuildId"/>) with its tags, or why nothing was
/// (<see cref="Skipped"/>: deleted, <c>[skip build]</c>, no rule takes it, the template made no tag, already queued).</summary>
public sealed record TriggeredBuild(string Ref, string? Commit, long? BuildId, IReadOnlyList<string> Tags, string? Skipped);
