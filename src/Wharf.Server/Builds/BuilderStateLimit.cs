using Wharf.Build.State;

namespace Wharf.Server.Builds;

/// <summary>Keeps the builder's state under <c>Builds:StateMaxSize</c> by itself (decision 024). At the pool's start it
/// removes what the builds of a process that stopped left behind (and prunes when over the limit), without waiting
/// for builds of other processes sharing the directory. After each build over the limit it prunes the least recently
/// used, base images included, to nine tenths of the limit; when builds are running (this process's other workers,
/// or a <c>wharf build-worker</c> on the same directory) it waits for them, and builds starting meanwhile wait behind it
/// (<see cref="BuilderState"/>'s lock), so a busy pool cannot starve it. It never fails a worker: a failure is logged.</summary>
public sealed partial class BuilderStateLimit(BuildWorkerSettings settings, ILogger logger)
{
    private long Limit => settings.Options.StateMaxSize;

    public async Task StartAsync(CancellationToken ct) =>
        await PruneAsync(Limit == 0 ? StatePruneOptions.LeftoversOnly : Over(wait: false), ct);

    public async Task AfterBuildAsync(CancellationToken ct)
    {
        if (Limit == 0)
        {
            return;
        }

        try
        {
            if (BuilderState.SizeOf(settings.StateDirectory) <= Limit)
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, settings.StateDirectory, e);
            return;
        }

        await PruneAsync(Over(wait: true), ct);
    }

    private StatePruneOptions Over(bool wait) => new() { All = true, KeepStorage = Limit / 10 * 9, Wait = wait };

    private async Task PruneAsync(StatePruneOptions options, CancellationToken ct)
    {
        try
        {
            var pruned = await BuilderState.PruneAsync(settings.StateDirectory, options, ct);
            if (pruned.Busy)
            {
                LogBusy(logger, settings.StateDirectory);
            }
            else if (pruned.Reclaimed > 0 || pruned.Failures.Count > 0)
            {
                LogPruned(logger, settings.StateDirectory, pruned.Reclaimed, pruned.SizeAfter, Limit, pruned.Failures.Count);
            }

            foreach (var failure in pruned.Failures)
            {
                LogNotRemoved(logger, failure);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(logger, settings.StateDirectory, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pruned the builder's state {Directory}: {ReclaimedBytes} bytes freed, {SizeBytes} left (Builds:StateMaxSize {LimitBytes}); {Failures} pieces could not be removed")]
    private static partial void LogPruned(ILogger logger, string directory, long reclaimedBytes, long sizeBytes, long limitBytes, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "The builder's state {Directory} is in use by builds of another process; it is pruned after the next build here")]
    private static partial void LogBusy(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the builder's state: could not remove {Failure}")]
    private static partial void LogNotRemoved(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the builder's state {Directory} failed; it is tried again after the next build")]
    private static partial void LogFailed(ILogger logger, string directory, Exception exception);
}
