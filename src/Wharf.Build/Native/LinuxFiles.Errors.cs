using System.Runtime.InteropServices;

namespace Wharf.Build.Native;

/// <summary>How a failed libc call becomes an exception: the path, the call and strerror in the message, and the type
/// .NET's own file APIs would use, so callers catch what they already know.</summary>
internal static partial class LinuxFiles
{
    internal const int Eperm = 1;
    internal const int Enoent = 2;
    internal const int Eacces = 13;
    internal const int Eexist = 17;
    internal const int Erange = 34;
    internal const int Enodata = 61;

    private static Exception Failure(string call, string path, int errno)
    {
        var message = $"{call} '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            Eperm or Eacces => new UnauthorizedAccessException(message),
            Enoent => new FileNotFoundException(message, path),
            _ => new IOException(message, errno),
        };
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            throw Failure(call, path, Marshal.GetLastPInvokeError());
        }
    }
}
