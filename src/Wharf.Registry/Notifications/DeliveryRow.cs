namespace Wharf.Registry.Notifications;

/// <summary>A <c>webhook_deliveries</c> row with its event's id, action and repository, as Dapper reads it.</summary>
internal sealed class DeliveryRow
{
    public const string Columns =
        """
        d.id AS Id, d.webhook_id AS WebhookId, e.event_id AS EventId, e.action AS Action, e.repository AS Repository,
        d.state AS State, d.attempts AS Attempts, d.batch_id AS BatchId, d.status_code AS StatusCode, d.error AS Error,
        d.duration_ms AS DurationMs, d.last_attempt_at AS LastAttemptAt, d.next_attempt_at AS NextAttemptAt,
        d.redelivery_of AS RedeliveryOf, d.created_at AS CreatedAt, d.finished_at AS FinishedAt
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        """;

    public long Id { get; set; }

    public long WebhookId { get; set; }

    public string EventId { get; set; } = "";

    public string Action { get; set; } = "";

    public string Repository { get; set; } = "";

    public string State { get; set; } = "";

    public long Attempts { get; set; }

    public string? BatchId { get; set; }

    public long? StatusCode { get; set; }

    public string? Error { get; set; }

    public long? DurationMs { get; set; }

    public long? LastAttemptAt { get; set; }

    public long NextAttemptAt { get; set; }

    public long? RedeliveryOf { get; set; }

    public long CreatedAt { get; set; }

    public long? FinishedAt { get; set; }

    public WebhookDelivery ToDelivery()
    {
        var state = State switch
        {
            "pending" => DeliveryState.Pending,
            "delivered" => DeliveryState.Delivered,
            "failed" => DeliveryState.Failed,
            _ => throw new FormatException($"'{State}' is not a delivery state"),
        };
        return new WebhookDelivery(
            Id, WebhookId, EventId, Action, Repository, state, (int)Attempts, BatchId, (int?)StatusCode, Error, DurationMs,
            Time(LastAttemptAt), state == DeliveryState.Pending ? Time(NextAttemptAt) : null, RedeliveryOf,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), Time(FinishedAt));
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;
}
