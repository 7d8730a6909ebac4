using Dapper;

namespace Wharf.Registry.Notifications;

/// <summary>A webhook's delivery log — its deliveries, newest first, kept to the newest
/// <c>Notifications:DeliveryLogSize</c> finished ones — and redelivery.</summary>
public sealed partial class SqlWebhookStore
{
    /// <summary>The webhook's deliveries, newest first: at most <paramref name="limit"/>, with ids below
    /// <paramref name="before"/> when it is given (the next page).</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(long webhookId, long? before, int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<DeliveryRow>(
            $"SELECT {DeliveryRow.Columns} WHERE d.webhook_id = @webhookId AND d.id < @before ORDER BY d.id DESC LIMIT @limit",
            new { webhookId, before = before ?? long.MaxValue, limit });
        return [.. rows.Select(r => r.ToDelivery())];
    }

    /// <summary>A delivery of the webhook, or null.</summary>
    public async Task<WebhookDelivery?> FindDeliveryAsync(long webhookId, long deliveryId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<DeliveryRow>(
            $"SELECT {DeliveryRow.Columns} WHERE d.webhook_id = @webhookId AND d.id = @deliveryId", new { webhookId, deliveryId }))?.ToDelivery();
    }

    /// <summary>Queues the event of delivery <paramref name="deliveryId"/> again for the same webhook, as a new delivery
    /// due now (the old one stays in the log as it was); the receiver gets the same event id. Null when the webhook has
    /// no such delivery.</summary>
    public async Task<WebhookDelivery?> RedeliverAsync(long webhookId, long deliveryId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var now = Now();
        var id = await c.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO webhook_deliveries (webhook_id, event_id, state, next_attempt_at, redelivery_of, created_at)
            SELECT webhook_id, event_id, 'pending', @now, id, @now FROM webhook_deliveries WHERE webhook_id = @webhookId AND id = @deliveryId
            RETURNING id
            """,
            new { webhookId, deliveryId, now });
        return id is null ? null : (await c.QuerySingleAsync<DeliveryRow>($"SELECT {DeliveryRow.Columns} WHERE d.id = @id", new { id })).ToDelivery();
    }
}
