namespace Wharf.Cli.Api;

/// <summary>A build trigger as the server shows it: never its secrets (only whether it holds a credential for its
/// remote); <see cref="WebhookUrl"/> is for the git host.</summary>
internal sealed record TriggerInfo(
    long Id,
    string Repository,
    string GitUrl,
    IReadOnlyList<TriggerRule> Rules,
    bool Enabled,
    int DisableAfterFailures,
    int ConsecutiveFailures,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string WebhookUrl,
    int? PollIntervalSeconds = null,
    bool HasCredential = false);
