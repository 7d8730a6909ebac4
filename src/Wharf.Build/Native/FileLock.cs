using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Build.Native;

/// <summary>flock(2) on a file opened with open(2) directly: .NET's own <c>FileStream</c> takes an flock of its own on
/// every open, which would make two openers of a lock file contend without asking to. A lock belongs to the open file,
/// so it is released when the handle is disposed, finalized or the process ends in any way (a crash holds nothing).</summary>
internal static partial class FileLock
{
    private const int ORdonly = 0;
    private const int OCreat = 0x40;
    private const int OCloexec = 0x80000;
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int Ewouldblock = 11;
    private const int Eintr = 4;

    /// <summary>Opens (creating it, mode 0644) the file to lock.</summary>
    public static SafeFileHandle Open(string path)
    {
        var fd = OpenNative(path, ORdonly | OCreat | OCloexec, 0b110_100_100);
        return fd >= 0
            ? new SafeFileHandle(fd, ownsHandle: true)
            : throw new IOException($"open '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Takes the lock shared or exclusive without waiting; false when another open file holds it in a way
    /// that excludes this one. A handle that holds it already changes its kind.</summary>
    public static bool TryLock(SafeFileHandle file, bool exclusive, string path)
    {
        while (true)
        {
            if (Flock(file, (exclusive ? LockExclusive : LockShared) | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Ewouldblock)
            {
                return false;
            }

            if (errno != Eintr)
            {
                throw new IOException($"flock '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle file, int operation);
}
