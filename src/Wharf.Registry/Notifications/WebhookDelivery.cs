namespace Wharf.Registry.Notifications;

/// <summary>One event sent (or to be sent) to one webhook: a line of the webhook's delivery log.</summary>
/// <param name="EventId">The event's id as the receiver sees it (the same in a redelivery).</param>
/// <param name="BatchId">The id of the POST that carried it (<c>X-Wharf-Delivery</c>), once it was first sent.</param>
/// <param name="StatusCode">The receiver's answer to the last attempt; null when none came (refused, timed out).</param>
/// <param name="Error">Why the last attempt failed; null after a success.</param>
/// <param name="NextAttemptAt">While pending: not before then.</param>
/// <param name="RedeliveryOf">The delivery this one was asked to repeat.</param>
public sealed record WebhookDelivery(
    long Id,
    long WebhookId,
    string EventId,
    string Action,
    string Repository,
    DeliveryState State,
    int Attempts,
    string? BatchId,
    int? StatusCode,
    string? Error,
    long? DurationMs,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    long? RedeliveryOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
