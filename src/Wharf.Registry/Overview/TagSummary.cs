namespace Wharf.Registry.Overview;

/// <summary>One row of the tag table.</summary>
/// <param name="Platforms">For an index, each entry's <c>os/arch[/variant]</c> in its order (attestation entries of
/// <c>unknown/unknown</c> left out); empty for an image manifest, whose platform is in its config blob.</param>
/// <param name="Size">Compressed bytes: config and layers; for an index, those of all its children, a shared blob once.</param>
/// <param name="PushedAt">When the tag last moved (was last pushed).</param>
/// <param name="LastPulledAt">When the manifest it names was last pulled, by this tag, another or its digest.</param>
public sealed record TagSummary(
    string Name, string Digest, string MediaType, IReadOnlyList<string> Platforms, long Size, DateTimeOffset PushedAt, DateTimeOffset? LastPulledAt, long Pulls);
