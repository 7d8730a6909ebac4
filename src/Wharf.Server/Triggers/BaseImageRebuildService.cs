using Microsoft.Extensions.Options;
using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;
using Wharf.Registry.Triggers.Webhooks;
using Wharf.Server.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.Triggers;

/// <summary>Rebuild on base-image update (decision 023): every node looks each <c>Builds:PollInterval</c> for rebuilds a
/// tag's move owes trigger refs (written in the move's transaction, <see cref="BaseImageRebuilds"/>), claims them
/// (<see cref="SqlBaseImageStore.ClaimAsync"/>, one node each, under <c>Builds:LeaseDuration</c>), and hands each ref at
/// its current commit (<c>git ls-remote</c> with the trigger's credential; the ref's name alone when the remote does not
/// answer, for the worker to resolve) to <see cref="TriggerBuilds"/> with reason <c>base-image</c>. Nothing is queued for a trigger that is gone, off,
/// or not rebuilding on base images, for a ref the remote no longer has, or for a ref whose image feeds back into the tag
/// that moved (a trigger built FROM its own image, or a loop of triggers): that would rebuild for ever.</summary>
internal sealed partial class BaseImageRebuildService(
    SqlBaseImageStore baseImages, SqlTriggerStore triggers, TriggerBuilds builds, BuildGitCredentials credentials, IOptions<BuildsOptions> options,
    TimeProvider time, ILogger<BaseImageRebuildService> logger) : BackgroundService
{
    private const int ClaimsPerRound = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var rebuild in await baseImages.ClaimAsync(ClaimsPerRound, options.Value.LeaseDuration, stoppingToken))
                {
                    await RebuildAsync(rebuild, stoppingToken);
                    await baseImages.CompleteAsync(rebuild, stoppingToken);
                }

                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // What was claimed and not completed is taken again after its lease.
                LogRoundFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private async Task RebuildAsync(PendingRebuild rebuild, CancellationToken ct)
    {
        var moved = $"{rebuild.Repository}:{rebuild.Tag}";
        var trigger = await triggers.FindAsync(rebuild.TriggerId, ct);
        var skipped = trigger switch
        {
            null => "the trigger is gone",
            { Enabled: false } => "the trigger is off",
            { RebuildOnBaseImage: false } => "the trigger does not rebuild on base images",
            _ when GitRef.Parse(rebuild.SourceRef) is null => "its ref is not a branch or tag",
            _ => null,
        };
        if (skipped is null && await baseImages.FeedsBackAsync(rebuild.TriggerId, rebuild.SourceRef, rebuild.Repository, rebuild.Tag, ct))
        {
            skipped = $"its image is {moved} or leads back to it: a rebuild would move it again";
        }

        if (skipped is not null)
        {
            LogSkipped(logger, moved, rebuild.Digest, rebuild.TriggerId, rebuild.SourceRef, skipped);
            return;
        }

        var gitRef = GitRef.Parse(rebuild.SourceRef)!;
        string? commit = null;
        try
        {
            var credential = await credentials.ForTriggerAsync(trigger!, ct);
            var refs = await GitContextFetcher.ListRefsAsync(trigger!.GitUrl, options.Value.AllowedGitProtocols, credential, ct);
            if (!refs.TryGetValue(rebuild.SourceRef, out commit))
            {
                LogSkipped(logger, moved, rebuild.Digest, rebuild.TriggerId, rebuild.SourceRef, "the remote no longer has the ref");
                return;
            }
        }
        catch (BuildContextException e)
        {
            // The worker resolves the ref when it fetches; if the remote is still down, the build fails and says why.
            LogRemoteUnanswered(logger, rebuild.TriggerId, e.Message);
        }

        var queued = await builds.QueueAsync(
            trigger!, [new RefUpdate(gitRef, commit, null)], BuildReasons.BaseImage, trigger!.RegistryHost, manual: false, ct);
        foreach (var build in queued)
        {
            LogQueued(logger, moved, rebuild.Digest, rebuild.TriggerId, rebuild.SourceRef, build.BuildId, build.Skipped ?? "queued");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Image} moved to {Digest}: trigger {TriggerId} {Ref} is not rebuilt: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string image, string digest, long triggerId, string @ref, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Image} moved to {Digest}: trigger {TriggerId} {Ref}: build {BuildId} {Outcome}")]
    private static partial void LogQueued(ILogger logger, string image, string digest, long triggerId, string @ref, long? buildId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "base-image rebuild of trigger {TriggerId}: the remote's refs could not be listed ({Reason}); the build resolves its ref")]
    private static partial void LogRemoteUnanswered(ILogger logger, long triggerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "a round of base-image rebuilds failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
