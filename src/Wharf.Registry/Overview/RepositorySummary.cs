namespace Wharf.Registry.Overview;

/// <summary>One repository as a listing shows it.</summary>
/// <param name="Summary">The first paragraph of its description (plain text, at most <see cref="DescriptionSummary.MaxLength"/>
/// characters), or null when it has none.</param>
/// <param name="LastPushedAt">When a tag of it last moved; null without tags.</param>
/// <param name="LastPulledAt">When a manifest of it was last pulled; null if never (or before pull statistics).</param>
/// <param name="Pulls">Image manifests pulled from it (decision 027).</param>
public sealed record RepositorySummary(
    string Name, string Namespace, bool IsPublic, string? Summary, long TagCount, DateTimeOffset? LastPushedAt, DateTimeOffset? LastPulledAt, long Pulls);
