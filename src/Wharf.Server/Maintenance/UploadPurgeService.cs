using Microsoft.Extensions.Options;
using Wharf.Registry.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.Maintenance;

/// <summary>Runs the <see cref="UploadPurger"/> every <see cref="UploadsOptions.PurgeInterval"/>; logs failures and carries on.</summary>
internal sealed partial class UploadPurgeService(UploadPurger purger, IOptions<UploadsOptions> options, TimeProvider time, ILogger<UploadPurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await purger.PurgeAsync(options.Value.MaxAge, stoppingToken);
                if (removed > 0)
                {
                    LogPurged(logger, removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} abandoned uploads")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload purge failed; will retry at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
