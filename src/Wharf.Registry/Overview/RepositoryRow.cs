namespace Wharf.Registry.Overview;

/// <summary>A repository's facts as <see cref="SqlOverviewStore"/> reads them for a listing (times unix ms).</summary>
public sealed record RepositoryRow(long Id, string Name, bool IsPublic, long TagCount, long? LastPushedAt, long Pulls, long? LastPulledAt);
