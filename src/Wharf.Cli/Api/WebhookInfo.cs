namespace Wharf.Cli.Api;

/// <summary>A webhook as <c>GET /api/v1/webhooks</c> shows it: never its secret, its extra headers by name only.</summary>
internal sealed record WebhookInfo(
    long Id,
    string? Repository,
    string? Namespace,
    string Url,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Headers,
    bool Enabled,
    string? CreatedBy,
    DateTimeOffset? CreatedAt);
