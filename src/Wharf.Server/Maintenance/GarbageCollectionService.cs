using Microsoft.Extensions.Options;
using Wharf.Registry.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.Maintenance;

/// <summary>Runs the <see cref="GarbageCollector"/> every <see cref="GarbageCollectionOptions.Interval"/>.</summary>
internal sealed partial class GarbageCollectionService(
    GarbageCollector collector, IOptions<GarbageCollectionOptions> options, TimeProvider time, ILogger<GarbageCollectionService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override bool Enabled => options.Value.Enabled;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var report = await collector.CollectAsync(options.Value.LinkGracePeriod, ct);
        LogCollected(logger, report.LinksRemoved, report.BlobsDeleted, report.BytesFreed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collection removed {Links} blob links and {Blobs} blobs ({Bytes} bytes)")]
    private static partial void LogCollected(ILogger logger, int links, int blobs, long bytes);
}
