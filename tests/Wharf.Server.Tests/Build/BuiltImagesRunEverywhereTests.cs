using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build;

/// <summary>What <c>wharf build</c> makes, with no Docker engine involved in making it, is pushed to Wharf and
/// pulled and run by docker, podman and containerd; or written as a docker archive that <c>docker load</c> takes.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class BuiltImagesRunEverywhereTests(DockerEngine docker) : IAsyncLifetime
{
    private readonly ContainerStorage _storage = new();
    private WharfServer? _wharf;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Registry => $"localhost:{_wharf!.BaseAddress.Port}";

    public async ValueTask InitializeAsync() => _wharf = await WharfServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        _storage.Dispose();
    }

    [Fact]
    public async Task An_image_wharf_built_and_pushed_is_pulled_and_run_by_docker_podman_and_containerd()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var context = Context("everywhere", nonce);
        var image = $"{Registry}/team/built:{nonce}";

        var build = await WharfCli.RunAsync(["build", "--state", docker.NewDirectory("build-state"), "-t", image, context], ct: Ct);
        Assert.True(build.ExitCode == 0, build.Describe());
        var digest = build.StandardOutput.Trim();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        var expected = $"built {nonce} by uid 1000 in /srv";

        await DockerOkAsync(["pull", image]);
        var dockerRun = await DockerOkAsync(["run", "--rm", "--network", "none", image]);
        Assert.Equal(expected, dockerRun.StandardOutput.Trim());
        var repoDigests = (await DockerOkAsync(["image", "inspect", "--format", "{{json .RepoDigests}}", image])).StandardOutput;
        Assert.Contains(digest, repoDigests, StringComparison.Ordinal);

        // Explicit limits: podman's defaults for open files and processes are above what this machine's runc may set.
        var podman = (await _storage.PodmanAsync(["run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--tls-verify=false", image], Ct)).EnsureSuccess();
        Assert.Equal(expected, podman.StandardOutput.Trim());

        var ctr = ExternalTool.Require("ctr");
        string[] containerd = ["--address", docker.ContainerdAddress, "--namespace", "wharf-build-tests"];
        (await ExternalTool.RunAsync(ctr, [.. containerd, "images", "pull", "--plain-http", image], ct: Ct)).EnsureSuccess();
        var ctrRun = (await ExternalTool.RunAsync(ctr, [.. containerd, "run", "--rm", image, $"wharf-build-{nonce}"], ct: Ct)).EnsureSuccess();
        Assert.Equal(expected, ctrRun.StandardOutput.Trim());
        await ExternalTool.RunAsync(ctr, [.. containerd, "images", "rm", image], ct: Ct);
        await DockerOkAsync(["rmi", image]);
    }

    [Fact]
    public async Task An_image_written_as_a_docker_archive_is_loaded_and_run_by_docker()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var context = Context("archive", nonce);
        var archive = Path.Combine(docker.NewDirectory("archive-out"), "image.tar");

        var build = await WharfCli.RunAsync(["build", "--state", docker.NewDirectory("archive-state"), "--output", $"docker-archive:{archive}:wharf-e2e/built:{nonce}", context], ct: Ct);
        Assert.True(build.ExitCode == 0, build.Describe());

        await DockerOkAsync(["load", "-i", archive]);
        var run = await DockerOkAsync(["run", "--rm", "--network", "none", $"wharf-e2e/built:{nonce}"]);
        Assert.Equal($"built {nonce} by uid 1000 in /srv", run.StandardOutput.Trim());
        await DockerOkAsync(["rmi", $"wharf-e2e/built:{nonce}"]);
    }

    /// <summary>A context whose image prints what its build did: a file from the context, the user and directory set
    /// by USER and WORKDIR, and a file a RUN made.</summary>
    private string Context(string name, string nonce) => BusyboxImage.CreateContext(docker.NewDirectory(name), """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        RUN mkdir -p /etc && echo "app:x:1000:1000::/srv:/bin/sh" > /etc/passwd
        COPY nonce.txt /nonce.txt
        WORKDIR /srv
        RUN echo "built $(cat /nonce.txt)" > /srv/message
        USER app
        CMD ["/bin/sh", "-c", "echo \"$(cat /srv/message) by uid $(id -u) in $(pwd)\""]
        """, new Dictionary<string, string> { ["nonce.txt"] = nonce });

    private async Task<ToolResult> DockerOkAsync(string[] arguments) => (await docker.DockerAsync(arguments, Ct)).EnsureSuccess();
}
