using Wharf.Build;
using Wharf.Registry;
using Wharf.Registry.Auth;
using Wharf.Registry.Blobs;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Triggers;
using Wharf.Registry.Uploads;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Builds;

/// <summary>Build workers without a web host (<c>wharf build-worker</c>, on a machine of its own): the registry services
/// composed over the shared database and blob store, as a server composes them. Pushes from these workers are not
/// audited (no audit trail runs here: <see cref="IgnoredRegistryEvents"/>); the submission was.</summary>
public static class OfflineBuildWorkers
{
    /// <param name="auth">The registry's auth settings: with auth on, a FROM of this registry is checked against the
    /// submitter's rights in the shared database, as the registry's nodes check a pull.</param>
    /// <param name="secrets">The registry's key, which opens its triggers' git credentials and the secrets builds are
    /// submitted with: the same <c>Secrets:Key</c> as the registry's nodes.</param>
    /// <param name="gitPull">The git hosts built from on pull, with their tokens.</param>
    public static BuildWorkerServices Compose(
        SqlDatabase database, IBlobStore blobStore, IImageBuilder builder, AuthOptions auth, SecretKeys secrets, TimeProvider time, GitPullOptions? gitPull = null)
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
            auth.Enabled ? Rights(database, auth, time) : BuildRights.Everyone,
            time,
            new BuildGitCredentials(new SqlTriggerStore(database, time), secrets, gitPull),
            secrets);
    }

    private static BuildRights Rights(SqlDatabase database, AuthOptions auth, TimeProvider time)
    {
        var accounts = new SqlAccountStore(database, time);
        return BuildRights.Checked(accounts, new RepositoryRights(accounts, new AccessPolicy(auth.AnonymousPull)));
    }
}
