namespace Wharf.Registry.Overview;

/// <summary>A tag as <see cref="SqlOverviewStore.ListTagsAsync"/> reads it: what it names, when it last moved (unix ms) and
/// the pull statistics of the manifest it names.</summary>
public sealed record TagRow(string Name, string Digest, string MediaType, long PushedAt, long Pulls, long? LastPulledAt);
