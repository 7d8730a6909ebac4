using Wharf.Build;

namespace Wharf.Server.Builds;

/// <summary>Stands in for the runc-based <c>ImageBuilder</c> until it is part of Wharf: every build fails with one line
/// saying so. <see cref="BuilderFactory"/> is the one place that chooses the builder.</summary>
internal sealed class MissingImageBuilder : IImageBuilder
{
    public Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken ct) =>
        throw new BuildFailedException("this Wharf has no image builder yet: the runc builder is not part of this version");
}
