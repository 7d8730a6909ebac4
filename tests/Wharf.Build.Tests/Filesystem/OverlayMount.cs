namespace Wharf.Build.Tests.Filesystem;

/// <summary>A real overlayfs mount in a temp directory: <see cref="Lower"/> is filled first, then <see cref="Mount"/>,
/// changes go through <see cref="Merged"/>, and <see cref="Unmount"/> leaves <see cref="Upper"/> to read. Dispose
/// unmounts (lazily if busy) before deleting anything, so a failing test never leaves a mount behind.</summary>
internal sealed class OverlayMount : IDisposable
{
    public const string Options = Wharf.Build.Filesystem.OverlayUpperDiff.MountOptions;

    private readonly TempDirectory _dir = new("wharf-overlay-");
    private bool _mounted;

    public OverlayMount()
    {
        foreach (var name in new[] { "lower", "upper", "work", "merged" })
        {
            Directory.CreateDirectory(_dir[name]);
        }
    }

    public string Lower => _dir["lower"];

    public string Upper => _dir["upper"];

    public string Merged => _dir["merged"];

    public void Mount(string options = Options)
    {
        ExternalTool.Run("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={Lower},upperdir={Upper},workdir={_dir["work"]},{options}", Merged);
        _mounted = true;
    }

    /// <summary>Mounts the given lower directories (topmost first) with no upper directory: a read-only view.</summary>
    public void MountReadOnly(params string[] lowerDirectories)
    {
        ExternalTool.Run("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={string.Join(':', lowerDirectories)},{Options}", Merged);
        _mounted = true;
    }

    public void Unmount()
    {
        if (_mounted)
        {
            ExternalTool.Run("umount", Merged);
            _mounted = false;
        }
    }

    public void Dispose()
    {
        try
        {
            Unmount();
        }
        catch (InvalidOperationException)
        {
            ExternalTool.Run("umount", "-l", Merged);
        }

        _dir.Dispose();
    }
}
