namespace Wharf.Cli.Api;

/// <summary>A line of a webhook's delivery log (<c>GET /api/v1/webhooks/{id}/deliveries</c>).</summary>
/// <param name="Delivery">The POST's id, as the receiver saw it in <c>X-Wharf-Delivery</c>.</param>
internal sealed record WebhookDeliveryInfo(
    long Id,
    long WebhookId,
    string EventId,
    string Action,
    string Repository,
    string State,
    int Attempts,
    string? Delivery,
    int? StatusCode,
    string? Error,
    long? DurationMs,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    long? RedeliveryOf,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt);
