using Dapper;

namespace Wharf.Registry.Notifications;

/// <summary>The delivery services' half of <see cref="SqlWebhookStore"/>: claiming due deliveries under a lease, recording
/// how the POST went, and keeping the log and the outbox bounded. Any number of nodes claim at once (decision 022).</summary>
public sealed partial class SqlWebhookStore
{
    /// <summary>Claims the oldest due delivery with the others that go in the same POST, for <paramref name="lease"/>:
    /// a registry event with up to <paramref name="maxBatch"/> more of the same webhook not sent yet (one envelope), a
    /// build document alone, a retry with exactly the deliveries of its first POST (the same <c>X-Wharf-Delivery</c>).
    /// While claimed their next attempt is the lease's end, so the deliveries of a node that died are due again then.
    /// Null when nothing is due. PostgreSQL: rows are picked <c>FOR UPDATE SKIP LOCKED</c>, so claimers on any number of
    /// nodes take different deliveries without waiting for each other; SQLite's single writer orders them.</summary>
    public async Task<ClaimedBatch?> ClaimAsync(TimeSpan lease, int maxBatch, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = Now();
        var first = await c.QuerySingleOrDefaultAsync<(long Id, long WebhookId, string? BatchId, string Action)?>(
            $"""
            SELECT d.id, d.webhook_id, d.batch_id, (SELECT action FROM webhook_events e WHERE e.id = d.event_id)
            FROM webhook_deliveries d WHERE d.state = 'pending' AND d.next_attempt_at <= @now
            ORDER BY d.next_attempt_at, d.id LIMIT 1 {database.ForUpdateSkipLocked}
            """,
            new { now }, tx);
        if (first is not { } head)
        {
            return null;
        }

        var isBuild = head.Action == WebhookActionWords.Build;
        var ids = head.BatchId is not null
            ? (await c.QueryAsync<long>(
                $"SELECT id FROM webhook_deliveries WHERE batch_id = @BatchId AND state = 'pending' AND next_attempt_at <= @now ORDER BY id {database.ForUpdateSkipLocked}",
                new { head.BatchId, now }, tx)).AsList()
            : isBuild ? [head.Id]
            : (await c.QueryAsync<long>(
                $"""
                SELECT id FROM webhook_deliveries
                WHERE webhook_id = @WebhookId AND batch_id IS NULL AND state = 'pending' AND next_attempt_at <= @now
                  AND event_id IN (SELECT id FROM webhook_events WHERE action <> 'build')
                ORDER BY id LIMIT @maxBatch {database.ForUpdateSkipLocked}
                """,
                new { head.WebhookId, now, maxBatch }, tx)).AsList();
        var batchId = head.BatchId ?? Guid.NewGuid().ToString();
        var claimId = Guid.NewGuid().ToString();
        await c.ExecuteAsync(
            $"""
            UPDATE webhook_deliveries SET batch_id = @batchId, claim_id = @claimId, next_attempt_at = @until, attempts = attempts + 1
            WHERE id {database.InList("@ids")} AND state = 'pending'
            """,
            new { batchId, claimId, until = now + (long)lease.TotalMilliseconds, ids }, tx);
        var events = (await c.QueryAsync<(long DeliveryId, string EventId, string Action, string Payload, long Attempts)>(
            $"""
            SELECT d.id, e.event_id, e.action, e.payload, d.attempts FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.claim_id = @claimId ORDER BY d.id
            """,
            new { claimId }, tx)).AsList();
        if (events.Count == 0)
        {
            return null;
        }

        var webhook = (await c.QuerySingleAsync<WebhookRow>($"SELECT {WebhookRow.Columns} WHERE id = @WebhookId", new { head.WebhookId }, tx)).ToWebhook();
        await tx.CommitAsync(ct);
        return new ClaimedBatch(
            batchId, claimId, webhook, [.. events.Select(e => new ClaimedEvent(e.DeliveryId, e.EventId, e.Action, e.Payload))],
            (int)events.Max(e => e.Attempts), isBuild);
    }

    /// <summary>Records how the POST of <paramref name="batch"/> went on each of its deliveries: delivered; failed for
    /// good once they have had <paramref name="maxAttempts"/> attempts; otherwise pending again, due at
    /// <paramref name="retryAt"/>. Only while the claim is still this one (a node whose lease ran out records nothing:
    /// another has the deliveries by then). Then trims the webhook's log to its newest <paramref name="keep"/> finished
    /// deliveries. Returns how many deliveries were recorded.</summary>
    public async Task<int> RecordAsync(ClaimedBatch batch, DeliveryAttempt attempt, DateTimeOffset retryAt, int maxAttempts, int keep, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = Now();
        var recorded = await c.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET
                state = CASE WHEN @delivered = 1 THEN 'delivered' WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
                finished_at = CASE WHEN @delivered = 1 OR attempts >= @maxAttempts THEN @now ELSE NULL END,
                next_attempt_at = @retryAt, status_code = @StatusCode, error = @Error, duration_ms = @duration,
                last_attempt_at = @started, claim_id = NULL
            WHERE batch_id = @BatchId AND claim_id = @ClaimId AND state = 'pending'
            """,
            new
            {
                delivered = attempt.Delivered ? 1 : 0, maxAttempts, now, retryAt = retryAt.ToUnixTimeMilliseconds(), attempt.StatusCode, attempt.Error,
                duration = (long)attempt.Duration.TotalMilliseconds, started = attempt.StartedAt.ToUnixTimeMilliseconds(), batch.BatchId, batch.ClaimId,
            }, tx);
        await c.ExecuteAsync(
            """
            DELETE FROM webhook_deliveries WHERE webhook_id = @webhook AND state <> 'pending' AND id <= (
                SELECT id FROM webhook_deliveries WHERE webhook_id = @webhook AND state <> 'pending' ORDER BY id DESC LIMIT 1 OFFSET @keep)
            """,
            new { webhook = batch.Webhook.Id, keep }, tx);
        await tx.CommitAsync(ct);
        return recorded;
    }

    /// <summary>Writes events into the outbox in one transaction of their own (pulls, which are recorded off the request
    /// path, decision 022). Returns how many deliveries were queued.</summary>
    public async Task<int> AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var queued = 0;
        foreach (var e in events)
        {
            queued += await NotificationOutbox.AppendAsync(database, c, tx, e);
        }

        await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>Removes outbox events no delivery names any more (their deliveries were trimmed from the logs). Returns
    /// how many.</summary>
    public async Task<int> DeleteUnreferencedEventsAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var deleted = await DeleteUnreferencedEventsAsync(c, tx);
        await tx.CommitAsync(ct);
        return deleted;
    }
}
