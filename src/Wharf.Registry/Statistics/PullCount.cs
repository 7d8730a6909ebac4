namespace Wharf.Registry.Statistics;

/// <summary>Pulls of one manifest that one node counted since its last flush: how many GETs answered with it, how many of
/// them count as pulls of the repository (GETs of an image manifest, not of an index), and the latest one's time.</summary>
public sealed record PullCount(string Repository, string Digest, long Pulls, long RepositoryPulls, DateTimeOffset LastPulledAt);
