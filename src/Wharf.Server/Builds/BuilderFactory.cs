using Wharf.Build;
using Wharf.Server.Options;

namespace Wharf.Server.Builds;

/// <summary>The one place the builder of the server's workers and of <c>wharf build-worker</c> is made: the runc
/// builder, with base images from registries (<see cref="RegistryBaseImages"/>; each build reads this registry's own
/// as its submitter, <see cref="SubmitterBaseImages"/>) and no cache store of its own: each build brings one that
/// reaches this registry as its submitter (<see cref="SubmitterBuildCache"/>).</summary>
public static class BuilderFactory
{
    /// <summary>The builder, keeping its state (blobs, layers, cache, scratch space) under <paramref name="stateDirectory"/>,
    /// with the per-step limits of <paramref name="options"/> (a build may ask for a lower memory limit, never a higher).</summary>
    public static IImageBuilder Create(string stateDirectory, BuildsOptions options) => new ImageBuilder(new BuilderOptions
    {
        StateDirectory = stateDirectory,
        MemoryLimitBytes = options.StepMemoryLimit,
        ProcessLimit = options.StepProcessLimit,
        RunTimeout = options.StepTimeout,
        BaseImages = new RegistryBaseImages(),
        ConfirmCachedBlobs = true, // builds of different teams share the store
        // ... and the build cache: an entry a --cache-from ref lends serves only the build that named it.
        ShareImportedCache = false,
        // Each build brings its epoch; git is never run in an uploaded context (its .git/config is the uploader's).
        EpochFromContextGit = false,
        // A server's build is a security boundary: RUN --network=host and RUN --security=insecure fail in one line.
        AllowedEntitlements = BuildEntitlements.None,
    });
}
