using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>A private containers-storage (vfs, no mounts needed) for podman and buildah under a temporary
/// directory, so tests never touch /var/lib/containers or each other, and no credentials of the machine's.</summary>
public sealed class ContainerStorage : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-storage-").FullName;
    private readonly string? _home;

    /// <param name="home">Null: podman and buildah keep credentials in a private auth file. Otherwise the home of a user
    /// who also has docker: no auth file of podman's own yet, so podman reads (and skopeo too, given
    /// <see cref="Environment"/>) <c>HOME/.docker/config.json</c>, as they do on such a machine.</param>
    public ContainerStorage(string? home = null)
    {
        _home = home;
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
        Directory.CreateDirectory(Path.Combine(_root, "xdg"));
        File.WriteAllText(Path.Combine(_root, "auth.json"), """{"auths":{}}""");
    }

    public string Root => _root;

    public Task<ToolResult> PodmanAsync(IEnumerable<string> arguments, CancellationToken ct) =>
        ExternalTool.RunAsync("podman", [.. StorageFlags, "--cgroup-manager", "cgroupfs", "--events-backend", "none", .. arguments], Environment, _root, ct: ct);

    public Task<ToolResult> BuildahAsync(IEnumerable<string> arguments, CancellationToken ct) =>
        ExternalTool.RunAsync("buildah", [.. StorageFlags, .. arguments], Environment, _root, ct: ct);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory must not fail a test that passed.
        }
    }

    private string[] StorageFlags => ["--root", Path.Combine(_root, "storage"), "--runroot", Path.Combine(_root, "run"), "--storage-driver", "vfs"];

    /// <summary>The environment podman and buildah run with (and skopeo, for a test that shares the credentials).</summary>
    public Dictionary<string, string> Environment => _home is null
        ? new()
        {
            ["REGISTRY_AUTH_FILE"] = Path.Combine(_root, "auth.json"),
            ["TMPDIR"] = Path.Combine(_root, "tmp"),
        }
        : new()
        {
            ["HOME"] = _home,
            ["XDG_RUNTIME_DIR"] = Path.Combine(_root, "xdg"),
            ["TMPDIR"] = Path.Combine(_root, "tmp"),
        };
}
