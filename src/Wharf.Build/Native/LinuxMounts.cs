using System.Runtime.InteropServices;

namespace Wharf.Build.Native;

/// <summary>mount(2) and umount2(2), for the overlay root filesystems of build steps. Called directly rather than
/// through the <c>mount</c> command: one system call, and an error that says which path failed.</summary>
internal static partial class LinuxMounts
{
    private const int MntDetach = 2;

    /// <summary>Mounts an overlay filesystem at <paramref name="target"/> with the given option string. Relative
    /// directories in the options resolve against the process's working directory, which is why
    /// <see cref="Rootfs.OverlayRootfs"/> uses absolute ones only.</summary>
    public static void MountOverlay(string target, string options)
    {
        if (Mount("overlay", target, "overlay", 0, options) != 0)
        {
            throw Failure("mount an overlay filesystem at", target);
        }
    }

    /// <summary>Unmounts <paramref name="target"/>, lazily (MNT_DETACH) so a process that still holds it open cannot
    /// keep the build's scratch directory from being removed.</summary>
    public static void Unmount(string target)
    {
        if (Umount2(target, MntDetach) != 0)
        {
            throw Failure("unmount", target);
        }
    }

    private static IOException Failure(string what, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"cannot {what} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string source, string target, string fileSystemType, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);
}
