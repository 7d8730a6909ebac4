namespace Wharf.Registry.Triggers;

/// <summary>What creating a trigger takes: its repository, remote, rules (at least one), the webhook secret Wharf made
/// for it, an optional credential for the remote, and after how many failed builds in a row it turns itself off.</summary>
public sealed record NewTrigger(
    string Repository,
    string GitUrl,
    IReadOnlyList<BuildRule> Rules,
    string WebhookSecret,
    string? Credential,
    int DisableAfterFailures,
    string CreatedBy);
