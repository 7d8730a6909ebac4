namespace Wharf.Registry.Triggers;

/// <summary>What creating a trigger takes: its repository, remote, rules (at least one), the webhook secret Wharf made
/// for it, an optional credential for the remote, after how many failed builds in a row it turns itself off, how often
/// to poll the remote (null: never), and the host its creator reached this registry by.</summary>
public sealed record NewTrigger(
    string Repository,
    string GitUrl,
    IReadOnlyList<BuildRule> Rules,
    string WebhookSecret,
    string? Credential,
    int DisableAfterFailures,
    TimeSpan? PollInterval,
    string? RegistryHost,
    string CreatedBy)
{
    /// <summary>Rebuild its refs when an image of this registry their builds read by tag moves (the default).</summary>
    public bool RebuildOnBaseImage { get; init; } = true;
}
