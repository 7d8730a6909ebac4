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
        await MigrateRuns.EnsureNoneUnfinishedAsync(database, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
