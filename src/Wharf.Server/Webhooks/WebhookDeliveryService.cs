using Microsoft.Extensions.Options;
using Wharf.Registry.Notifications;
using Wharf.Server.Observability;
using Wharf.Server.Options;

namespace Wharf.Server.Webhooks;

/// <summary>Every node runs one: claims due deliveries from the shared queue (<see cref="SqlWebhookStore.ClaimAsync"/>,
/// under a lease, up to <c>Notifications:Concurrency</c> POSTs at once), sends each batch (<see cref="WebhookSender"/>)
/// and records how it went: delivered, or retried after a back-off with jitter (<see cref="RetrySchedule"/>), or failed
/// after <c>Notifications:MaxAttempts</c>. Idle, it looks again every <c>Notifications:PollInterval</c>, or at once when
/// this node wrote an event (<see cref="DeliveryWakeup"/>). A stop cancels the POSTs in flight and records them as failed
/// attempts due again at once, so the next node or start sends them without waiting for their lease. Never crashes the
/// host: a failing database is logged and tried again.</summary>
internal sealed partial class WebhookDeliveryService(
    SqlWebhookStore store,
    WebhookSender sender,
    DeliveryWakeup wakeup,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    /// <summary>How often outbox events that no delivery names any more are removed.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var inFlight = new List<Task>();
        var nextSweep = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                inFlight.RemoveAll(t => t.IsCompleted);
                var batch = await ClaimAsync(settings, stoppingToken);
                if (batch is null)
                {
                    slots.Release();
                    nextSweep = await SweepIfDueAsync(nextSweep, stoppingToken);
                    await wakeup.WaitAsync(settings.PollInterval, stoppingToken);
                    continue;
                }

                inFlight.Add(DeliverAsync(batch, settings, stoppingToken).ContinueWith(_ => slots.Release(), TaskScheduler.Default));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the POSTs in flight see the same token and record themselves.
        }

        await Task.WhenAll(inFlight);
    }

    private async Task<ClaimedBatch?> ClaimAsync(NotificationsOptions settings, CancellationToken stopping)
    {
        try
        {
            return await store.ClaimAsync(settings.Lease, settings.MaxBatch, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogClaimFailed(logger, e);
            return null;
        }
    }

    private async Task DeliverAsync(ClaimedBatch batch, NotificationsOptions settings, CancellationToken stopping)
    {
        try
        {
            var attempt = await sender.SendAsync(batch, stopping);
            ServerMetrics.WebhookPosted(attempt.Delivered, attempt.Duration);
            var retryAt = stopping.IsCancellationRequested
                ? time.GetUtcNow()
                : time.GetUtcNow() + RetrySchedule.Delay(batch.Attempt, settings.FirstRetryDelay, settings.MaxRetryDelay, Random.Shared.NextDouble());
            // Recorded even while stopping (not with the stopping token): else the deliveries wait out their lease.
            using var recording = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await store.RecordAsync(batch, attempt, retryAt, settings.MaxAttempts, settings.DeliveryLogSize, recording.Token);
            if (attempt.Delivered)
            {
                LogDelivered(logger, batch.Webhook.Id, batch.BatchId, batch.Events.Count, attempt.StatusCode ?? 0, batch.Attempt);
            }
            else
            {
                LogAttemptFailed(logger, batch.Webhook.Id, batch.BatchId, batch.Attempt, settings.MaxAttempts, attempt.Error ?? "");
            }
        }
        catch (Exception e)
        {
            // The deliveries stay claimed until their lease ends; then any node tries them again.
            LogRecordFailed(logger, batch.Webhook.Id, batch.BatchId, e);
        }
    }

    private async Task<DateTimeOffset> SweepIfDueAsync(DateTimeOffset due, CancellationToken stopping)
    {
        if (time.GetUtcNow() < due)
        {
            return due;
        }

        try
        {
            await store.DeleteUnreferencedEventsAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogSweepFailed(logger, e);
        }

        return time.GetUtcNow() + SweepInterval;
    }

    // Webhooks are named by id: a receiver's URL may hold a token in its path or query. A success is Debug: a busy
    // registry posts many; failures are the lines an operator looks for.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {WebhookId}: delivery {Delivery} ({Events} events) answered {Status} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, long webhookId, string delivery, int events, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: delivery {Delivery} attempt {Attempt} of {MaxAttempts} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long webhookId, string delivery, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId}: the outcome of delivery {Delivery} could not be recorded; it is tried again after its lease")]
    private static partial void LogRecordFailed(ILogger logger, long webhookId, string delivery, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming webhook deliveries failed; trying again")]
    private static partial void LogClaimFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Removing delivered webhook events failed; trying again later")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);
}
