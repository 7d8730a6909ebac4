using Wharf.Build;

namespace Wharf.Server.Builds;

/// <summary>The one place the builder of the server's workers and of <c>wharf build-worker</c> is made: the runc
/// builder, with base images from registries (<see cref="RegistryBaseImages"/>; each build reads this registry's own
/// as its submitter, <see cref="SubmitterBaseImages"/>).</summary>
public static class BuilderFactory
{
    /// <summary>The builder, keeping its state (blobs, layers, cache, scratch space) under <paramref name="stateDirectory"/>.</summary>
    public static IImageBuilder Create(string stateDirectory) => new ImageBuilder(new BuilderOptions
    {
        StateDirectory = stateDirectory,
        BaseImages = new RegistryBaseImages(),
        ConfirmCachedBlobs = true, // builds of different teams share the store
    });
}
