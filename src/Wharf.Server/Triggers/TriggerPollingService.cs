using Microsoft.Extensions.Options;
using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;
using Wharf.Registry.Triggers.Webhooks;
using Wharf.Server.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.Triggers;

/// <summary>Polls the remotes of triggers that ask for it (a host that cannot call back): every node looks for due
/// triggers each <c>Builds:PollInterval</c>, claims each in the database (<see cref="SqlTriggerStore.ClaimDuePollsAsync"/>,
/// so one node polls it per interval), lists its refs with <c>git ls-remote</c>, and hands every branch or tag whose
/// commit changed, or that is new, to <see cref="TriggerBuilds"/> as a push would; a private remote is asked with the
/// trigger's credential (<see cref="BuildGitCredentials"/>). The first poll only records what is there: a trigger made
/// on an old repository does not build every tag it ever had. Polling sees no commit message: the worker reads it from
/// the commit it fetches, for <c>COMMIT_MSG</c> and <c>[skip build]</c> (<see cref="CommitVariables"/>).</summary>
internal sealed partial class TriggerPollingService(
    SqlTriggerStore triggers, TriggerBuilds builds, BuildGitCredentials credentials, IOptions<BuildsOptions> options, TimeProvider time,
    ILogger<TriggerPollingService> logger) : BackgroundService
{
    private const int ClaimsPerRound = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (trigger, refs) in await triggers.ClaimDuePollsAsync(ClaimsPerRound, stoppingToken))
                {
                    await PollAsync(trigger, refs, stoppingToken);
                }

                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private async Task PollAsync(BuildTrigger trigger, IReadOnlyDictionary<string, string>? before, CancellationToken ct)
    {
        IReadOnlyDictionary<string, string> now;
        try
        {
            var credential = await credentials.ForTriggerAsync(trigger, ct);
            now = await GitContextFetcher.ListRefsAsync(trigger.GitUrl, options.Value.AllowedGitProtocols, credential, ct);
        }
        catch (BuildContextException e)
        {
            LogPollFailed(logger, trigger.Id, e.Message);
            return;
        }

        if (before is not null)
        {
            var updates = now
                .Where(r => !before.TryGetValue(r.Key, out var commit) || commit != r.Value)
                .Select(r => GitRef.Parse(r.Key) is { } gitRef ? new RefUpdate(gitRef, r.Value, null) : null)
                .OfType<RefUpdate>()
                .ToList();
            if (updates.Count > 0)
            {
                await builds.QueueAsync(trigger, updates, BuildReasons.Poll, trigger.RegistryHost, manual: false, ct);
            }
        }

        await triggers.SavePolledRefsAsync(trigger.Id, now, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "polling trigger {TriggerId}: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, long triggerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "a round of trigger polling failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
