namespace Wharf.Server.Builds;

/// <summary>Runs the server's <see cref="BuildWorkerPool"/> for the life of the host. On shutdown the running builds are
/// stopped and queued again, within the host's shutdown timeout.</summary>
internal sealed class BuildWorkerService(BuildWorkerPool pool) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => pool.RunAsync(stoppingToken);
}
