using Microsoft.Extensions.Options;
using Wharf.Oci;
using Wharf.Registry.Events;
using Wharf.Registry.GitPulls;
using Wharf.Registry.Manifests;
using Wharf.Server.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>Deletes images built on pull that nobody pulled for <c>GitPull:IdleTime</c> (their manifest and commit tag;
/// garbage collection then frees the layers no other image shares), every hour on every node: each deletion is
/// conditional on the idle time in the database, so nodes racing each other or a pull do no harm.</summary>
internal sealed partial class GitPullExpiryService(
    SqlGitPullStore claims, ManifestService manifests, IOptions<GitPullOptions> options, TimeProvider time, ILogger<GitPullExpiryService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    private static readonly RegistryActor Actor = new("wharf (build on pull expiry)", null);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override bool Enabled => options.Value.Enabled;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var before = Clock.GetUtcNow() - options.Value.IdleTime;
        var removed = 0;
        foreach (var idle in await claims.ListIdleAsync(before, 1000, ct))
        {
            if (!await claims.DeleteIdleAsync(idle.Repository, idle.Commit, before, ct))
            {
                continue;
            }

            var repository = RepositoryName.Parse(idle.Repository);
            if (await manifests.FindAsync(repository, Reference.ForTag(idle.Commit), ct) is { } image)
            {
                try
                {
                    await manifests.DeleteAsync(repository, Reference.ForDigest(image.Digest), Actor, ct);
                    removed++;
                }
                catch (Wharf.Oci.Errors.RegistryException e)
                {
                    // Deletes disabled (Registry:DeletesEnabled): the image stays, and so does nothing else.
                    LogNotDeleted(logger, idle.Repository, e.Message);
                    return;
                }
            }
        }

        if (removed > 0)
        {
            LogExpired(logger, removed, options.Value.IdleTime);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the idle image built on pull {Repository}: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string repository, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} images built on pull that nobody pulled for {Idle}")]
    private static partial void LogExpired(ILogger logger, int count, TimeSpan idle);
}
