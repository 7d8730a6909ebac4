using Microsoft.Extensions.Logging;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>The build workers of one process (<c>Builds:Workers</c> of them) and the queue's upkeep: builds whose lease
/// ran out are queued again or given up (<c>RecoverExpiredAsync</c>, at start and every half lease, so a build of a
/// server that restarted, or of a worker machine that died, runs again within a lease and a half), ended builds whose log
/// is still rows have it moved into the blob store (<see cref="BuildLogArchive"/>: what recovery and cancels ended, what a
/// stopped worker left), finished builds older than <c>Builds:HistoryRetention</c> are forgotten hourly (their log
/// blobs go with the next garbage collection), and, at start and hourly, the secret files a killed worker of this machine
/// left are removed (<see cref="BuildSecretFiles.SweepAsync"/>). The upkeep runs with zero workers too, and on several nodes at once. Run
/// by the server's hosted service and by <c>wharf build-worker</c>.</summary>
public sealed partial class BuildWorkerPool(BuildWorkerServices services, BuildWorkerSettings settings, ILoggerFactory loggers)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    // The worker moves its own build's log as it ends: the upkeep leaves it that long before doing it in its stead.
    private static readonly TimeSpan LogMoveGrace = TimeSpan.FromSeconds(10);

    private const int LogMovesPerTick = 100;

    private readonly ILogger _logger = loggers.CreateLogger<BuildWorkerPool>();

    /// <summary>Runs until <paramref name="stopping"/>; running builds are then stopped and given back to the queue.
    /// First the builder's state is cleared of what a stopped process's builds left (<see cref="BuilderStateLimit"/>).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var stateLimit = new BuilderStateLimit(settings, loggers.CreateLogger<BuilderStateLimit>());
        if (settings.Options.Workers > 0)
        {
            await stateLimit.StartAsync(stopping);
            await SweepSecretsAsync(stopping);
        }

        var workerLogger = loggers.CreateLogger<BuildWorker>();
        var workers = Enumerable.Range(1, settings.Options.Workers)
            .Select(n => new BuildWorker(services, settings, $"{settings.WorkerIdPrefix}-{n}", workerLogger, stateLimit).RunAsync(stopping));
        await Task.WhenAll(workers.Append(KeepQueueAsync(stopping)));
    }

    private async Task KeepQueueAsync(CancellationToken stopping)
    {
        var options = settings.Options;
        var sweepAt = services.Time.GetUtcNow();
        var secretsSweepAt = services.Time.GetUtcNow() + SweepInterval; // the first one ran at start
        using var timer = new PeriodicTimer(options.LeaseDuration / 2, services.Time);
        do
        {
            try
            {
                if (await services.Builds.RecoverExpiredAsync(options.MaxAttempts, stopping) is > 0 and var moved)
                {
                    LogRecovered(_logger, moved);
                }

                if (options.HistoryRetention > TimeSpan.Zero && services.Time.GetUtcNow() >= sweepAt)
                {
                    sweepAt = services.Time.GetUtcNow() + SweepInterval;
                    await services.Builds.DeleteFinishedBeforeAsync(services.Time.GetUtcNow() - options.HistoryRetention, stopping);
                }

                if (options.Workers > 0 && services.Time.GetUtcNow() >= secretsSweepAt)
                {
                    secretsSweepAt = services.Time.GetUtcNow() + SweepInterval;
                    await SweepSecretsAsync(stopping);
                }

                await new BuildLogArchive(services.Builds, services.Uploads, services.BlobStore)
                    .ArchiveEndedAsync(services.Time.GetUtcNow() - LogMoveGrace, LogMovesPerTick, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUpkeepFailed(_logger, e);
            }
        }
        while (await TickAsync(timer, stopping));
    }

    /// <summary>What a killed worker of this machine left of its builds' secrets goes (<see cref="BuildSecretFiles.SweepAsync"/>).</summary>
    private async Task SweepSecretsAsync(CancellationToken stopping)
    {
        try
        {
            if (await BuildSecretFiles.SweepAsync(settings.Directory, services.Builds, stopping) is > 0 and var removed)
            {
                LogSecretsSwept(_logger, removed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogUpkeepFailed(_logger, e); // the next sweep tries again
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} builds whose worker stopped answering were queued again or given up")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed the secrets of {Count} builds that a stopped worker of this machine left in its scratch space")]
    private static partial void LogSecretsSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The build queue's upkeep failed; trying again at the next interval")]
    private static partial void LogUpkeepFailed(ILogger logger, Exception exception);
}
