using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Tls;

/// <summary>Checks the certificate files every <c>Tls:ReloadInterval</c> (<see cref="ServerCertificateProvider.Refresh"/>).
/// Polling rather than a file watcher: renewals swap symlinks (certbot's live/ directory, Kubernetes secret volumes)
/// or land on network file systems, where change notifications are missed; reading two small files every few seconds
/// costs nothing. A failed check is logged and the next one comes at the next interval.</summary>
internal sealed partial class CertificateReloadService(
    ServerCertificateProvider provider, IOptions<TlsOptions> options, TimeProvider time, ILogger<CertificateReloadService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                provider.Refresh();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the TLS certificate files failed; the current certificate stays")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
