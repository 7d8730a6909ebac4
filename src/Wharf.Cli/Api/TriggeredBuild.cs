namespace Wharf.Cli.Api;

/// <summary>What "build now" led to for a ref: the build queued and its tags, or why none was.</summary>
internal sealed record TriggeredBuild(string Ref, string? Commit, long? BuildId, IReadOnlyList<string> Tags, string? Skipped);
