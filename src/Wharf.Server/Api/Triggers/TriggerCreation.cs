namespace Wharf.Server.Api.Triggers;

/// <summary>The body of <c>POST /api/v1/triggers</c>: the repository (admin right needed), the git remote, the rules in
/// order (none: the remote's default branch builds <c>latest</c>), and after how many failed builds in a row the trigger
/// turns itself off (default 5; 0 never), for a remote that cannot call back how often to poll it (seconds), and for a
/// private remote its credential (<see cref="CredentialInput"/>: stored sealed, never shown again).</summary>
internal sealed record TriggerCreation(
    string? Repository,
    string? GitUrl,
    IReadOnlyList<RuleInput>? Rules = null,
    int? DisableAfterFailures = null,
    int? PollIntervalSeconds = null,
    CredentialInput? Credential = null);
