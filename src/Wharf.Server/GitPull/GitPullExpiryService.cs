using Microsoft.Extensions.Options;
using Wharf.Oci.Errors;
using Wharf.Server.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>Runs <see cref="GitPullExpiry"/> every hour on every node, for images nobody pulled for <c>GitPull:IdleTime</c>.</summary>
internal sealed partial class GitPullExpiryService(
    GitPullExpiry expiry, IOptions<GitPullOptions> options, TimeProvider time, ILogger<GitPullExpiryService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override bool Enabled => options.Value.Enabled;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            if (await expiry.ExpireAsync(Clock.GetUtcNow() - options.Value.IdleTime, ct) is var removed and > 0)
            {
                LogExpired(logger, removed, options.Value.IdleTime);
            }
        }
        catch (RegistryException e)
        {
            // Deletes turned off (Registry:DeletesEnabled): the images stay.
            LogNotDeleted(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete idle images built on pull: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} images built on pull that nobody pulled for {Idle}")]
    private static partial void LogExpired(ILogger logger, int count, TimeSpan idle);
}
