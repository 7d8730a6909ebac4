using Wharf.Build.Native;

namespace Wharf.Build.Filesystem;

/// <summary>Reads the changes an overlayfs upper directory holds after a RUN (the kernel's own record of them, so no
/// walk of the whole root is needed): every object in it is changed or new; a character device 0/0 is a whiteout
/// (overlayfs.rst, "whiteouts and opaque directories"); a directory with <c>trusted.overlay.opaque</c> = "y" hides the
/// lower directory's contents. Read it unmounted, or at least with nothing writing through the merged directory. The
/// overlay must be mounted with <see cref="MountOptions"/>: a redirected directory or a metadata-only copy-up is
/// something a layer cannot express, and <see cref="Read"/> refuses an upper directory that holds one.</summary>
public static class OverlayUpperDiff
{
    /// <summary>The overlay options a RUN's mount needs for its upper directory to be a layer: no index (hard links
    /// of lower files are copied up whole), no redirect_dir (a renamed lower directory is copied, not recorded as a
    /// redirect xattr), no metacopy (a chmod or chown copies the data up too).</summary>
    public const string MountOptions = "index=off,redirect_dir=off,metacopy=off";

    /// <summary>The xattr overlayfs sets on a directory created where a lower one was removed (as root; mounts with
    /// the userxattr option use user.overlay.opaque, which Wharf does not mount with).</summary>
    internal const string OpaqueXattr = "trusted.overlay.opaque";

    private const string RedirectXattr = "trusted.overlay.redirect";
    private const string MetacopyXattr = "trusted.overlay.metacopy";

    /// <summary>The entries of <paramref name="upperDirectory"/>, in ordinal order of path: every object (directories
    /// included) as an Object, a whiteout device as a Whiteout, an opaque directory as OpaqueDirectory and Object.</summary>
    public static IReadOnlyList<LayerEntry> Read(string upperDirectory)
    {
        var entries = new List<LayerEntry>();
        foreach (var (path, fullPath, status) in TreeWalker.Walk(upperDirectory))
        {
            if (IsWhiteout(status))
            {
                entries.Add(new LayerEntry(path, LayerEntryKind.Whiteout));
                continue;
            }

            entries.Add(new LayerEntry(path, LayerEntryKind.Object));
            if (status.Kind == UnixFileKind.Directory)
            {
                Refuse(fullPath, RedirectXattr, "redirect_dir=off");
                if (LinuxFiles.GetXattr(fullPath, OpaqueXattr) is [(byte)'y'])
                {
                    entries.Add(new LayerEntry(path, LayerEntryKind.OpaqueDirectory));
                }
            }
            else if (status.Kind == UnixFileKind.Regular)
            {
                Refuse(fullPath, MetacopyXattr, "metacopy=off");
            }
        }

        return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Kind)];
    }

    private static void Refuse(string fullPath, string xattr, string option)
    {
        if (LinuxFiles.GetXattr(fullPath, xattr) is not null)
        {
            throw new InvalidOperationException($"'{fullPath}' carries {xattr}: the overlay was not mounted with {option}, and a layer cannot express it");
        }
    }

    /// <summary>overlayfs' whiteout: a character device with device number 0/0.</summary>
    internal static bool IsWhiteout(FileStatus status) =>
        status.Kind == UnixFileKind.CharDevice && status.RdevMajor == 0 && status.RdevMinor == 0;
}
