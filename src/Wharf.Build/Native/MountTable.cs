using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Build.Native;

/// <summary>The mount points of this process's mount namespace (<c>/proc/self/mountinfo</c>): what a build that
/// stopped without cleaning up may have left mounted in its scratch directory, to be detached before the directory is
/// removed (removing through a mount would reach into what is mounted).</summary>
internal static partial class MountTable
{
    /// <summary>The mount points at or under <paramref name="directory"/> (its real path: mountinfo names them so),
    /// deepest first, so each can be detached before what it is mounted on.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        var root = RealPath(directory).TrimEnd('/');
        return [.. Read()
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(point => point.Length)];
    }

    private static IEnumerable<string> Read()
    {
        // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the fifth field is the mount point, with
        // space, tab, newline and backslash written as octal escapes.
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                yield return Unescape(fields[4]);
            }
        }
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).IndexOfAnyExceptInRange('0', '7') < 0)
            {
                bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>realpath(3); the path as it is when it cannot be resolved (it does not exist).</summary>
    private static string RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return Path.GetFullPath(path);
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? path;
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
