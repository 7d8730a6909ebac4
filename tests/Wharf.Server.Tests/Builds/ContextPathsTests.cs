using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

public sealed class ContextPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-paths-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Links_that_stay_inside_are_followed_and_those_that_leave_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "docker"));
        File.WriteAllText(Path.Combine(_root, "docker", "Dockerfile"), "");
        File.CreateSymbolicLink(Path.Combine(_root, "Dockerfile"), "docker/Dockerfile");
        File.CreateSymbolicLink(Path.Combine(_root, "up"), "docker/../..");
        File.CreateSymbolicLink(Path.Combine(_root, "absolute"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");

        Assert.Equal(Path.Combine(_root, "docker", "Dockerfile"), ContextPaths.Inside(_root, "Dockerfile", "the Dockerfile"));
        Assert.Equal(Path.Combine(_root, "missing"), ContextPaths.Inside(_root, "missing", "the Dockerfile"));
        Assert.Throws<BuildContextException>(() => ContextPaths.Inside(_root, "up/x", "the Dockerfile"));
        Assert.Throws<BuildContextException>(() => ContextPaths.Inside(_root, "absolute/passwd", "the Dockerfile"));
        Assert.Throws<BuildContextException>(() => ContextPaths.Inside(_root, "../x", "the Dockerfile"));
        Assert.Throws<BuildContextException>(() => ContextPaths.Inside(_root, "/etc/passwd", "the Dockerfile"));
        Assert.Contains("too many levels", Assert.Throws<BuildContextException>(() => ContextPaths.Inside(_root, "loop", "the Dockerfile")).Message, StringComparison.Ordinal);
    }
}
