namespace Wharf.Server.Api.Triggers;

/// <summary>The body of <c>POST /api/v1/triggers</c>: the repository (admin right needed), the git remote, the rules in
/// order (none: the remote's default branch builds <c>latest</c>), an optional credential for a private remote (a token;
/// stored sealed, never shown again), and after how many failed builds in a row the trigger turns itself off (default
/// 5; 0 never).</summary>
internal sealed record TriggerCreation(
    string? Repository,
    string? GitUrl,
    IReadOnlyList<RuleInput>? Rules = null,
    string? Credential = null,
    int? DisableAfterFailures = null);
