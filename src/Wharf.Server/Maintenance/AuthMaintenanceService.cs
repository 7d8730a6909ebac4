using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Maintenance;

/// <summary>Hourly upkeep of auth state when <c>Auth:Enabled</c>: rotates the token signing key once it has been current
/// for <see cref="AuthOptions.KeyRotationInterval"/> (the old key keeps verifying until its tokens expire, so nobody is
/// logged out), forgets login-throttle counters nobody has touched for a day (a block lasts at most
/// <c>Auth:Credentials:MaxBlock</c>, so they no longer matter), and deletes audit events past
/// <see cref="AuthOptions.AuditRetention"/>.</summary>
internal sealed partial class AuthMaintenanceService(
    SigningKeyStore keys, IAccountStore accounts, IOptions<AuthOptions> options, TimeProvider time, ILogger<AuthMaintenanceService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    public static readonly TimeSpan ThrottleStateKept = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override bool Enabled => options.Value.Enabled;

    protected override Task RunOnceAsync(CancellationToken ct) => MaintainAsync(ct);

    /// <summary>One round, for the timer and for tests.</summary>
    internal async Task MaintainAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var rotation = options.Value.KeyRotationInterval;
        // Every node runs this; the store sees to it that they rotate once between them.
        if (rotation > TimeSpan.Zero && await keys.RotateIfOlderThanAsync(rotation, ct) is { } kid)
        {
            LogRotated(logger, kid);
        }

        var purged = await accounts.PurgeLoginFailuresAsync(now - ThrottleStateKept, ct);
        if (purged > 0)
        {
            LogPurged(logger, purged);
        }

        if (options.Value.AuditRetention > TimeSpan.Zero)
        {
            var expired = await accounts.PurgeAuditAsync(now - options.Value.AuditRetention, ct);
            if (expired > 0)
            {
                LogAuditPurged(logger, expired);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated the token signing key; the new key is {Kid}")]
    private static partial void LogRotated(ILogger logger, string kid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit events past Auth:AuditRetention")]
    private static partial void LogAuditPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} stale login-throttle counters")]
    private static partial void LogPurged(ILogger logger, int count);
}
