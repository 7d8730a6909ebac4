using Wharf.Build;

namespace Wharf.Server.Builds;

/// <summary>The one place the builder of the server's workers and of <c>wharf build-worker</c> is made.</summary>
public static class BuilderFactory
{
    /// <summary>The builder, keeping its state (layers, cache, scratch space) under <paramref name="stateDirectory"/>.</summary>
    public static IImageBuilder Create(string stateDirectory)
    {
        _ = stateDirectory; // the runc builder's BuilderOptions.StateDirectory
        return new MissingImageBuilder();
    }
}
