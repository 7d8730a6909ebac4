using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.GitPull;

/// <summary>The issue's own words: <c>docker pull HOST/git/&lt;git host&gt;/&lt;repository&gt;:&lt;ref&gt;</c> with a real
/// docker, a real git host and the real runc builder — the pull builds the image, which runs; a second pull is served
/// without a build; a pull of a failing Dockerfile prints the failing step in docker's own output.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class DockerPullsFromGitTests(DockerEngine docker) : IAsyncLifetime
{
    private GitPullServer? _server;

    private GitPullServer Server => _server!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Registry => $"localhost:{Server.Builds.Api.Server.BaseAddress.Port}";

    public async ValueTask InitializeAsync() => _server = await GitPullServer.StartAsync(runcBuilder: true);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_pulls_an_image_built_from_a_git_folder_runs_it_and_a_second_pull_builds_nothing()
    {
        var repository = Server.Repository("team/app");
        var folder = Path.Combine(repository.Directory, "services", "api");
        BusyboxImage.CreateContext(folder, """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY greeting.txt /greeting.txt
            ARG SOURCE_COMMIT
            RUN echo "$(cat /greeting.txt) from ${SOURCE_COMMIT}" > /built.txt
            CMD ["cat", "/built.txt"]
            """, new Dictionary<string, string> { ["greeting.txt"] = "hello" });
        var commit = await repository.CommitAsync("an api");
        var image = $"{Registry}/git/git.test/team/app/services/api:main";

        var pull = await DockerOkAsync(["pull", image]);
        var run = await DockerOkAsync(["run", "--rm", "--network", "none", image]);

        Assert.Contains("Downloaded newer image", pull.StandardOutput, StringComparison.Ordinal);
        Assert.Equal($"hello from {commit}", run.StandardOutput.Trim());
        await DockerOkAsync(["rmi", image]);
        await DockerOkAsync(["pull", image]);
        await DockerOkAsync(["pull", $"{Registry}/git/git.test/team/app/services/api:{commit[..7]}"]);
        Assert.Single(await Server.Builds.Queue.ListAsync("git/git.test/team/app/services/api", null, 10, Ct));
        await DockerOkAsync(["rmi", image, $"{Registry}/git/git.test/team/app/services/api:{commit[..7]}"]);
    }

    [Fact]
    public async Task Docker_prints_the_failing_step_of_a_build_on_pull()
    {
        var repository = Server.Repository("team/broken");
        BusyboxImage.CreateContext(repository.Directory, """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "echo compiling; exit 3"]
            """);
        await repository.CommitAsync("broken");

        var pull = await docker.DockerAsync(["pull", $"{Registry}/git/git.test/team/broken:main"], Ct);

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains("failed: Dockerfile:3: RUN: the command /bin/busybox sh -c echo compiling; exit 3 exited with code 3", pull.StandardError, StringComparison.Ordinal);
        Assert.Contains($"log: http://{Registry}/api/v1/builds/", pull.StandardError, StringComparison.Ordinal);
    }

    private async Task<ToolResult> DockerOkAsync(string[] arguments) => (await docker.DockerAsync(arguments, Ct)).EnsureSuccess();
}
