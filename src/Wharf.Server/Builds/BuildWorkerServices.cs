using Wharf.Build;
using Wharf.Registry.Blobs;
using Wharf.Registry.Builds;
using Wharf.Registry.Manifests;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;
using Wharf.Server.Triggers;

namespace Wharf.Server.Builds;

/// <summary>What a build worker works with: the queue, the shared blob store its contexts are in, the registry services
/// it pushes through, and the builder. The server takes them from its container; <c>wharf build-worker</c> builds them
/// from its configuration without a web host. <see cref="Rights"/> decides which of this registry's images a build's
/// FROM and cache refs may read, and which cache refs it may write, as its submitter; <see cref="GitCredentials"/> what
/// reaches a build's private git remote; <see cref="SecretKeys"/> opens the secrets a build was submitted with.</summary>
public sealed record BuildWorkerServices(
    SqlBuildStore Builds,
    IBlobStore BlobStore,
    UploadService Uploads,
    BlobService Blobs,
    ManifestService Manifests,
    IImageBuilder Builder,
    BuildRights Rights,
    TimeProvider Time,
    BuildGitCredentials GitCredentials,
    SecretKeys SecretKeys);
