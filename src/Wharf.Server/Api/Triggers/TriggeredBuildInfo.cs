using Wharf.Registry.Triggers;

namespace Wharf.Server.Api.Triggers;

/// <summary>What a pushed ref led to: the build queued (<c>buildId</c>, <c>tags</c>) or why none was (<c>skipped</c>).</summary>
internal sealed record TriggeredBuildInfo(string Ref, string? Commit, long? BuildId, IReadOnlyList<string> Tags, string? Skipped)
{
    public static TriggeredBuildInfo From(TriggeredBuild b) => new(b.Ref, b.Commit, b.BuildId, b.Tags, b.Skipped);
}
