using System.Globalization;
using System.Threading.Channels;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>Takes the registry's pulls, pushes and deletes into the audit log without a database write on the request
/// path: <see cref="Record"/> queues an entry stamped now; the background loop waits <see cref="FlushDelay"/> after the
/// first entry, then appends everything queued in one transaction, identical entries (same account, action, target,
/// detail and address: a busy client pulling one image) as one row with their count, e.g. <c>1 sha256:… (×37)</c>,
/// stamped with the first. Without that a row per manifest GET cost a third of the registry's GET throughput. A stop
/// appends what is still queued. If the queue is full (the database far behind) or an append fails, the entries are
/// dropped and the count logged: a slow audit log must not stall pulls.</summary>
internal sealed partial class AuditTrail(IAccountStore store, TimeProvider clock, ILogger<AuditTrail> logger) : BackgroundService
{
    /// <summary>How long entries gather before a write: the audit log is at most this far behind.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(500);

    private const int MaxQueued = 100_000;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();

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
        await _stopping.CancelAsync(); // no more waiting to gather: write what is queued now
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    /// <summary>Runs until the queue is completed by <see cref="StopAsync"/>, so what was queued before a stop is kept.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await Task.Delay(FlushDelay, clock, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var queued = new List<AuditEntry>();
            while (_queue.Reader.TryRead(out var entry))
            {
                queued.Add(entry);
            }

            try
            {
                await store.AppendAuditAsync(Merge(queued), CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogDropped(logger, queued.Count, e.Message);
            }
        }
    }

    /// <summary>One entry per distinct (actor, action, target, detail, address), in first-seen order, with the count
    /// appended to the detail when more than one.</summary>
    internal static List<AuditEntry> Merge(IReadOnlyList<AuditEntry> entries) =>
        [.. entries
            .GroupBy(e => (e.Actor, e.Action, e.Target, e.Detail, e.ClientAddress))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Detail = string.Create(CultureInfo.InvariantCulture, $"{g.Key.Detail} (×{g.Count()})") })];

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries were dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, int count, string reason);
}
