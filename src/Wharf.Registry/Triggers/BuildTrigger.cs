namespace Wharf.Registry.Triggers;

/// <summary>A repository's automated builds from one git remote (issue 10): the remote, the ordered build rules, whether
/// it is on, and its failure count (it turns itself off after <see cref="DisableAfterFailures"/> failed builds in a row;
/// 0: never), how often the remote is polled (null: webhooks only), and the host its creator reached this registry by
/// (what its builds call this registry). Its webhook secret and credential stay sealed in the store (<see cref="SqlTriggerStore"/>).</summary>
public sealed record BuildTrigger(
    long Id,
    string Repository,
    string GitUrl,
    IReadOnlyList<BuildRule> Rules,
    bool Enabled,
    int DisableAfterFailures,
    int ConsecutiveFailures,
    bool HasCredential,
    TimeSpan? PollInterval,
    string? RegistryHost,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether its refs are rebuilt when an image of this registry their builds read by tag moves (decision 023).</summary>
    public bool RebuildOnBaseImage { get; init; } = true;
}
