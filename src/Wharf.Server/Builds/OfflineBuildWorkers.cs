using Wharf.Build;
using Wharf.Registry;
using Wharf.Registry.Blobs;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Server.Builds;

/// <summary>Build workers without a web host (<c>wharf build-worker</c>, on a machine of its own): the registry services
/// composed over the shared database and blob store, as a server composes them. Pushes from these workers are not
/// audited (no audit trail runs here: <see cref="IgnoredRegistryEvents"/>); the submission was.</summary>
public static class OfflineBuildWorkers
{
    public static BuildWorkerServices Compose(SqlDatabase database, IBlobStore blobStore, IImageBuilder builder, TimeProvider time)
    {
        var metadata = new SqlMetadataStore(database, time);
        var policy = new RegistryPolicy();
        return new BuildWorkerServices(
            new SqlBuildStore(database, time),
            blobStore,
            new UploadService(blobStore, metadata, new UploadHashCache(), time),
            new BlobService(blobStore, metadata, policy, IgnoredRegistryEvents.Instance),
            new ManifestService(metadata, time, policy, IgnoredRegistryEvents.Instance),
            builder,
            time);
    }
}
