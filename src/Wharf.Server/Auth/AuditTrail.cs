using System.Threading.Channels;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>Takes the registry's pulls, pushes and deletes into the audit log without a database write on the request
/// path: <see cref="Record"/> queues an entry stamped now, and the background loop appends what has queued in one
/// transaction. A stop appends what is still queued. If the queue is full (the database far behind) or an append
/// fails, the entries are dropped and the count logged: a slow audit log must not stall pulls.</summary>
internal sealed partial class AuditTrail(IAccountStore store, TimeProvider clock, ILogger<AuditTrail> logger) : BackgroundService
{
    private const int MaxQueued = 100_000;
    private const int MaxBatch = 1_000;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Never pass a secret in any field.</summary>
    public void Record(string actor, string action, string target, string? detail, string? clientAddress)
    {
        if (!_queue.Writer.TryWrite(new AuditEntry(clock.GetUtcNow(), actor, action, target, detail, clientAddress)))
        {
            LogDropped(logger, 1, "the queue is full");
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
    }

    /// <summary>Runs until the queue is completed by <see cref="StopAsync"/>, so what was queued before a stop is kept.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await store.AppendAuditAsync(batch, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogDropped(logger, batch.Count, e.Message);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries were dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, int count, string reason);
}
