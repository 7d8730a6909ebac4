using Wharf.Registry.Metadata;

namespace Wharf.Server.Maintenance;

/// <summary>Brings the metadata schema up to date at start-up, before Kestrel accepts a request
/// (hosted services start before the server in ASP.NET Core).</summary>
internal sealed class MetadataMigrationService(IMetadataStore metadata) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => metadata.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
