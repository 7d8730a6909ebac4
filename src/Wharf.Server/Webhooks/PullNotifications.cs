using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Wharf.Registry.Events;
using Wharf.Registry.Notifications;
using Wharf.Server.Options;

namespace Wharf.Server.Webhooks;

/// <summary>Pull events for the webhooks that ask for them, kept off the request path (decision 022): a manifest GET
/// only checks an in-memory set of the repositories and namespaces some enabled webhook wants pulls of (re-read every
/// <c>Notifications:PullScopesRefresh</c>, and at once after a change on this node) and, when it matches, queues the
/// event; every half second the queue is written to the outbox in one transaction. Best-effort by design: what is
/// queued when the process dies, or beyond a full queue, is lost and counted in the log. A stop writes what is queued.</summary>
internal sealed partial class PullNotifications(
    SqlWebhookStore store, IOptions<NotificationsOptions> options, TimeProvider time, ILogger<PullNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxQueued = 10_000;

    private readonly Channel<OutboxEvent> _queue = Channel.CreateBounded<OutboxEvent>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private volatile PullScopes _scopes = PullScopes.None;
    private volatile bool _refreshNow = true;
    private long _dropped;

    /// <summary>Called for every pull (on the request path): a set lookup, and a queue write when it matches.</summary>
    public void Offer(RegistryEvent pull)
    {
        if (_scopes.Includes(pull.Repository) && !_queue.Writer.TryWrite(DistributionEvents.From(pull, time.GetUtcNow())))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>A webhook changed on this node: re-read the scopes at the next flush rather than at the next refresh.</summary>
    public void Invalidate() => _refreshNow = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refreshAt = time.GetUtcNow();
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            do
            {
                if (_refreshNow || time.GetUtcNow() >= refreshAt)
                {
                    _refreshNow = false;
                    refreshAt = time.GetUtcNow() + options.Value.PullScopesRefresh;
                    await RefreshAsync(stoppingToken);
                }

                await FlushAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            _scopes = await store.ListPullScopesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRefreshFailed(logger, e);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var queued = new List<OutboxEvent>();
        while (queued.Count < MaxQueued && _queue.Reader.TryRead(out var e))
        {
            queued.Add(e);
        }

        if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
        {
            LogDropped(logger, dropped, "the queue was full");
        }

        if (queued.Count == 0)
        {
            return;
        }

        try
        {
            await store.AppendAsync(queued, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogDropped(logger, queued.Count, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} pull notifications were dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, long count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading which webhooks want pulls failed; trying again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception e);
}
