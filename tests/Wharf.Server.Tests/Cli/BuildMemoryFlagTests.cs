using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf build --memory</c> (docker build's <c>-m</c>): the limit each RUN step's container gets, a step
/// beyond it failing the build at that step; a value that is no size is the command's one-line error.</summary>
public sealed class BuildMemoryFlagTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-build-memory-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_step_beyond_memory_fails_the_build_and_a_bad_size_is_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "/bin/busybox head -c 100663296 /dev/zero | /bin/busybox tail -c 100663296 > /dev/null"]
            """);
        var state = Path.Combine(_directory, "state");

        var hungry = await WharfCli.RunAsync(["build", "--state", state, "-q", "--memory", "32m", context], ct: ct);
        var roomy = await WharfCli.RunAsync(["build", "--state", state, "-q", "-m", "1g", context], ct: ct);
        var bad = await WharfCli.RunAsync(["build", "--state", state, "--memory", "lots", context], ct: ct);

        Assert.Equal(1, hungry.ExitCode);
        Assert.Matches("^wharf build: Dockerfile:3: RUN: the command .* exited with code [0-9]+$", hungry.StandardError.Trim().Split('\n')[^1]);
        Assert.True(roomy.ExitCode == 0, roomy.Describe());
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("wharf build: --memory lots: use a size of at least 4m, like 512m or 2g", bad.StandardError.Trim());
    }
}
