namespace Wharf.Server.Api.Triggers;

/// <summary>The body of <c>POST /api/v1/triggers</c>: the repository (admin right needed), the git remote, the rules in
/// order (none: the remote's default branch builds <c>latest</c>), and after how many failed builds in a row the trigger
/// turns itself off (default 5; 0 never), and, for a remote that cannot call back, how often to poll it (seconds). Credentials for a private remote are not taken yet (the store has a sealed
/// column for them; the worker's git fetch does not use one). <c>rebuildOnBaseImage: false</c>: the refs are not rebuilt
/// when an image of this registry their builds read moves (default true).</summary>
internal sealed record TriggerCreation(
    string? Repository,
    string? GitUrl,
    IReadOnlyList<RuleInput>? Rules = null,
    int? DisableAfterFailures = null,
    int? PollIntervalSeconds = null,
    bool? RebuildOnBaseImage = null);
