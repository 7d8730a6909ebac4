using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>A private containers-storage (vfs, no mounts needed) for podman and buildah under a temporary
/// directory, so tests never touch /var/lib/containers or each other, and no credentials of the machine's.</summary>
public sealed class ContainerStorage : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-storage-").FullName;

    public ContainerStorage()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
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

    private Dictionary<string, string> Environment => new()
    {
        ["REGISTRY_AUTH_FILE"] = Path.Combine(_root, "auth.json"),
        ["TMPDIR"] = Path.Combine(_root, "tmp"),
    };
}
