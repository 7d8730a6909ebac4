namespace Wharf.Server.Tests.Infrastructure;

/// <summary>One private Docker engine for the end-to-end collection: started by <c>scripts/start-dockerd.sh</c>
/// with its own data-root, exec-root and socket under a temporary directory (never /var/run/docker.sock), and
/// stopped at the end of the run. Builds the busybox base image <see cref="BaseImage"/> once.</summary>
public sealed class DockerEngine : IAsyncLifetime
{
    /// <summary>FROM scratch + a static busybox with its applets installed; no network needed.</summary>
    public const string BaseImage = "wharf-e2e/busybox:1";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private string? _engineDirectory;
    private string? _host;
    private string? _workDirectory;

    /// <summary>unix:///tmp/wharf-dockerd-…/docker.sock</summary>
    public string Host => _host ?? throw new InvalidOperationException("the Docker engine is not running");

    /// <summary>The containerd under this engine, for <c>ctr --address</c>.</summary>
    public string ContainerdAddress => Path.Combine(_engineDirectory ?? throw new InvalidOperationException("the Docker engine is not running"), "exec", "containerd", "containerd.sock");

    /// <summary>A scratch directory for build contexts and saved archives, removed at the end.</summary>
    public string WorkDirectory => _workDirectory ?? throw new InvalidOperationException("the Docker engine is not running");

    /// <summary>The environment every docker CLI call gets: our engine, an empty client config (no credential
    /// helpers or contexts from the developer's ~/.docker), and the classic builder, which both Debian's
    /// docker.io client and newer clients without buildx have.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = Host,
        ["DOCKER_CONFIG"] = Path.Combine(WorkDirectory, "docker-config"),
        ["DOCKER_BUILDKIT"] = "0",
        ["DOCKER_CLI_HINTS"] = "false",
    };

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("dockerd");
        ExternalTool.Require("docker");
        BusyboxImage.RequireStaticBusybox();

        // Short path: containerd's sockets live under the exec-root and unix socket paths are limited.
        _engineDirectory = Directory.CreateTempSubdirectory("wharf-dockerd-").FullName;
        _workDirectory = Directory.CreateTempSubdirectory("wharf-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(_workDirectory, "docker-config"));
        try
        {
            var start = await ExternalTool.RunAsync("bash", [SourceTree.Script("start-dockerd.sh"), _engineDirectory], timeout: TimeSpan.FromSeconds(120));
            start.EnsureSuccess();
            _host = start.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();

            var context = BusyboxImage.CreateContext(Path.Combine(_workDirectory, "base"), BusyboxImage.BaseDockerfile);
            (await DockerAsync(["build", "--network", "none", "-t", BaseImage, context], CancellationToken.None)).EnsureSuccess();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Runs the docker CLI against this engine. Does not check the exit code.</summary>
    public Task<ToolResult> DockerAsync(IEnumerable<string> arguments, CancellationToken ct, TimeSpan? timeout = null) =>
        ExternalTool.RunAsync("docker", arguments, Environment, WorkDirectory, timeout, ct);

    /// <summary>A fresh directory under <see cref="WorkDirectory"/>.</summary>
    public string NewDirectory(string prefix)
    {
        var directory = Path.Combine(WorkDirectory, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (_engineDirectory is { } directory)
        {
            await EngineProcesses.StopAsync(directory, StopTimeout);
            EngineProcesses.UnmountUnder(directory);
            DeleteQuietly(directory);
            _engineDirectory = null;
        }

        if (_workDirectory is { } work)
        {
            DeleteQuietly(work);
            _workDirectory = null;
        }

        _host = null;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory must not fail the run; the engine itself is already stopped.
        }
    }
}
