namespace Wharf.Server.Maintenance;

/// <summary>Runs a maintenance job every <see cref="Interval"/> until shutdown. A failed run is logged and the
/// next one comes at the next interval; the job itself must be safe to stop at any point.</summary>
internal abstract partial class PeriodicMaintenanceService(TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected TimeProvider Clock => time;

    protected virtual bool Enabled => true;

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, GetType().Name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed; will retry at the next interval")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
