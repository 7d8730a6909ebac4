using System.Diagnostics;
using Wharf.Build;
using Wharf.Build.Dockerfile;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Builds;
using Wharf.Server.Observability;

namespace Wharf.Server.Builds;

/// <summary>One build worker: claims a queued build, runs it (<see cref="BuildRunner"/>) under a lease it renews, and
/// records how it ended — succeeded with the pushed digest; failed with the one-line reason (a
/// <see cref="DockerfileException"/>, <see cref="BuildFailedException"/> or <see cref="BuildContextException"/>, or a
/// push the registry refused); cancelled when a user asked (the builder's processes are gone when its token is
/// cancelled), or with its reason when there was nothing to build (<see cref="BuildSkippedException"/>); back to the queue
/// when this process shuts down; nothing when its lease was lost, since the build is another's by then. The log is flushed
/// before the outcome is recorded, so a follower sees every line; then an ended build's log is moved into the blob store
/// (<see cref="BuildLogArchive"/>) and the builder's state is kept under its limit (<see cref="BuilderStateLimit"/>).</summary>
public sealed partial class BuildWorker(BuildWorkerServices services, BuildWorkerSettings settings, string id, ILogger logger, BuilderStateLimit? stateLimit = null)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    public string Id => id;

    /// <summary>Claims and runs builds until <paramref name="stopping"/>, waiting a poll interval whenever the queue is empty.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var queued = services.Builds.Queued.Next;
            try
            {
                if (await RunOneAsync(stopping))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogClaimFailed(logger, id, e);
            }

            try
            {
                await BuildSignal.WaitAsync(queued, settings.Options.PollInterval, services.Time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Claims the oldest queued build and runs it to its end; false when the queue was empty.</summary>
    public async Task<bool> RunOneAsync(CancellationToken stopping)
    {
        if (await services.Builds.ClaimAsync(id, settings.Options.LeaseDuration, stopping) is not { } claimed)
        {
            return false;
        }

        LogClaimed(logger, id, claimed.Build.Id, claimed.Build.Spec.Repository);
        var started = Stopwatch.GetTimestamp();
        ServerMetrics.BuildStarted();
        var log = new DatabaseBuildLog(services.Builds, claimed.Build.Id, id, claimed.NextLogSequence, settings.Options.MaxLogLines);
        using var running = new RunningBuild(claimed, log, settings.Options.Timeout, services.Time, stopping);
        using var watching = new CancellationTokenSource();
        var watch = WatchAsync(running, watching.Token);
        var outcome = await RunBuildAsync(running);
        await watching.CancelAsync();
        await watch;
        // Counted before the outcome is written, so whoever sees the outcome sees it counted.
        ServerMetrics.BuildEnded(running.Reason == BuildStopReason.LeaseLost ? "lost" : outcome.State == BuildState.Queued ? "released" : BuildStates.Word(outcome.State), started);
        await RecordAsync(running, outcome);
        if (running.Reason != BuildStopReason.LeaseLost && BuildStates.IsFinal(outcome.State))
        {
            await MoveLogAsync(claimed.Build.Id, stopping);
        }

        if (stateLimit is not null)
        {
            await stateLimit.AfterBuildAsync(stopping);
        }

        return true;
    }

    private async Task<(BuildState State, Digest? Manifest, string? Error)> RunBuildAsync(RunningBuild running)
    {
        var build = running.Build;
        try
        {
            running.Log.Line($"build {build.Id} of {build.Spec.Repository} on worker {id}, attempt {build.Attempts}");
            var manifest = await new BuildRunner(services, settings, id).RunAsync(build, running.Log, running.BaseImages, running.Token);
            return (BuildState.Succeeded, manifest, null);
        }
        catch (Exception e) when (e is DockerfileException or BuildFailedException or BuildContextException)
        {
            return (BuildState.Failed, null, e.Message);
        }
        catch (BuildSkippedException e)
        {
            return (BuildState.Cancelled, null, e.Message);
        }
        catch (RegistryException e) when (!running.Token.IsCancellationRequested)
        {
            return (BuildState.Failed, null, $"pushing to {build.Spec.Repository}: {e.Message}");
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            return running.Reason switch
            {
                BuildStopReason.CancelRequested => (BuildState.Cancelled, null, null),
                BuildStopReason.TimedOut => (BuildState.Failed, null, $"the build ran longer than Builds:Timeout ({settings.Options.Timeout:c}) and was stopped"),
                _ => (BuildState.Queued, null, null),
            };
        }
        catch (Exception e)
        {
            LogBuildCrashed(logger, id, build.Id, e);
            return (BuildState.Failed, null, $"the build stopped on an internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task RecordAsync(RunningBuild running, (BuildState State, Digest? Manifest, string? Error) outcome)
    {
        var (builds, build) = (services.Builds, running.Build);
        if (running.Reason == BuildStopReason.LeaseLost)
        {
            LogLeaseLost(logger, id, build.Id);
            return;
        }

        running.Log.Final(outcome.State switch
        {
            BuildState.Succeeded => $"pushed {outcome.Manifest} as {build.Spec.Repository}:{string.Join(", ", build.Spec.Tags)}",
            BuildState.Failed => $"error: {outcome.Error}",
            BuildState.Cancelled => outcome.Error is { } skipped ? $"skipped: {skipped}" : "cancelled",
            _ => "stopped: this worker is shutting down",
        });

        // Not cancellable: the outcome is recorded even while the process stops (within its shutdown timeout).
        var none = CancellationToken.None;
        try
        {
            await running.Log.FlushAsync(none);
            _ = outcome.State switch
            {
                BuildState.Succeeded => await builds.SucceedAsync(build.Id, id, outcome.Manifest!.Value, running.BaseImages.ToList(), none),
                BuildState.Failed => await builds.FailAsync(build.Id, id, outcome.Error!, none),
                BuildState.Cancelled when outcome.Error is { } skipped => await builds.SkippedAsync(build.Id, id, skipped, none),
                BuildState.Cancelled => await builds.CancelledAsync(build.Id, id, none),
                _ => await builds.ReleaseAsync(build.Id, id, none),
            };
        }
        catch (Exception e)
        {
            // Its lease runs out and recovery queues it again: nothing stays running.
            LogRecordFailed(logger, id, build.Id, e);
        }
    }

    /// <summary>Moves the ended build's log into the blob store; a failure is left to the queue's upkeep, which moves what
    /// a worker did not (<see cref="BuildWorkerPool"/>).</summary>
    private async Task MoveLogAsync(long buildId, CancellationToken stopping)
    {
        try
        {
            await new BuildLogArchive(services.Builds, services.Uploads, services.BlobStore).ArchiveAsync(buildId, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogMoveFailed(logger, id, buildId, e);
        }
    }

    /// <summary>While the build runs: flushes its log a few times a second, and renews the lease every poll interval,
    /// which is also when a user's cancel arrives. A lost lease or a cancel stops the build.</summary>
    private async Task WatchAsync(RunningBuild running, CancellationToken done)
    {
        var renewAt = services.Time.GetUtcNow() + settings.Options.PollInterval;
        while (!done.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, services.Time, done);
                if (!await running.Log.FlushAsync(done))
                {
                    running.Stop(BuildStopReason.LeaseLost);
                    return;
                }

                if (services.Time.GetUtcNow() < renewAt)
                {
                    continue;
                }

                renewAt = services.Time.GetUtcNow() + settings.Options.PollInterval;
                switch (await services.Builds.RenewAsync(running.Build.Id, id, settings.Options.LeaseDuration, done))
                {
                    case LeaseStatus.Lost:
                        running.Stop(BuildStopReason.LeaseLost);
                        return;
                    case LeaseStatus.CancelRequested:
                        running.Stop(BuildStopReason.CancelRequested);
                        return;
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database was unreachable a moment: the next tick tries again, well within the lease.
                LogWatchFailed(logger, id, running.Build.Id, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Build worker {Worker} took build {Build} of {Repository}")]
    private static partial void LogClaimed(ILogger logger, string worker, long build, string repository);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build worker {Worker} could not look for a queued build; trying again")]
    private static partial void LogClaimFailed(ILogger logger, string worker, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build worker {Worker}: build {Build} stopped on an internal error")]
    private static partial void LogBuildCrashed(ILogger logger, string worker, long build, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build worker {Worker} lost build {Build}: its lease ran out, and it is another's now")]
    private static partial void LogLeaseLost(ILogger logger, string worker, long build);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build worker {Worker} could not record how build {Build} ended; its lease will run out")]
    private static partial void LogRecordFailed(ILogger logger, string worker, long build, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build worker {Worker} could not move the log of build {Build} into the blob store; the queue's upkeep will")]
    private static partial void LogMoveFailed(ILogger logger, string worker, long build, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build worker {Worker} could not renew its lease on build {Build} or write its log; trying again")]
    private static partial void LogWatchFailed(ILogger logger, string worker, long build, Exception exception);
}
