using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Registry.Storage;

/// <summary>Linux <c>sync_file_range(2)</c>: starts writeback of a range of a file without waiting for it, or waits
/// for a range's writeback to finish. Lets a staging file go to disk while the rest of the upload is still arriving,
/// so the disk is never idle waiting for the next fsync and the fsync before commit finds little left to write.
/// Durability still comes only from that fsync: this is a hint about when to write, never a guarantee.</summary>
internal static partial class WriteBehind
{
    private const uint WaitBefore = 1;
    private const uint Write = 2;
    private const uint WaitAfter = 4;

    /// <summary>Queues the range for writeback and returns at once.</summary>
    public static void Start(SafeFileHandle file, long offset, long length) => SyncFileRange(file, offset, length, Write);

    /// <summary>Returns once the range is written back, which bounds how much of one upload is dirty in memory.</summary>
    public static void Wait(SafeFileHandle file, long offset, long length) => SyncFileRange(file, offset, length, WaitBefore | Write | WaitAfter);

    private static void SyncFileRange(SafeFileHandle file, long offset, long length, uint flags)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return;
        }

        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            // A failure (an unusual file system) only loses the hint; the fsync at commit still decides.
            _ = sync_file_range((int)file.DangerousGetHandle(), offset, length, flags);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);
}
