namespace Wharf.Build;

/// <summary>Runs one build to its end. <see cref="ImageBuilder"/> is the real one; the CLI, the server's build
/// workers and <c>wharf build-worker</c> all call it through this.</summary>
public interface IImageBuilder
{
    /// <summary>Builds the request's target. Throws <see cref="Dockerfile.DockerfileException"/> for a Dockerfile
    /// that is refused, <see cref="BuildFailedException"/> for a step that failed, and
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled (every process of the build is
    /// gone by then).</summary>
    Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken ct);
}
