using Microsoft.Extensions.Options;
using Wharf.Registry.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.Maintenance;

/// <summary>Runs the <see cref="UploadPurger"/> every <see cref="UploadsOptions.PurgeInterval"/>.</summary>
internal sealed partial class UploadPurgeService(UploadPurger purger, IOptions<UploadsOptions> options, TimeProvider time, ILogger<UploadPurgeService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var removed = await purger.PurgeAsync(options.Value.MaxAge, ct);
        if (removed > 0)
        {
            LogPurged(logger, removed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} abandoned uploads")]
    private static partial void LogPurged(ILogger logger, int count);
}
