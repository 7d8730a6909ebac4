using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;

namespace Wharf.Server.Maintenance;

/// <summary>Brings the metadata schema up to date at start-up, before Kestrel accepts a request
/// (hosted services start before the server in ASP.NET Core), and refuses to serve a database that an unfinished
/// <c>wharf migrate</c> is still copying a registry into: it would look like an empty or partial registry, and the
/// admin bootstrap would write an account into it (decision 014).</summary>
internal sealed class MetadataMigrationService(IMetadataStore metadata, SqlDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await metadata.MigrateAsync(cancellationToken);
        if (await MigrateRuns.FindUnfinishedAsync(database, cancellationToken) is { } run)
        {
            throw new MigrationException(
                $"this database is an unfinished copy by `wharf migrate` from {run.Source} (begun {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): " +
                "run that migrate again to finish it before serving it");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
