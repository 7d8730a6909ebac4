using Wharf.Build.Native;

namespace Wharf.Build.Filesystem;

/// <summary>Walks a tree without following any symlink, giving each object's relative '/'-separated path, full path and
/// lstat, parents before children. Hidden files and special files are included; the caller decides, per directory,
/// whether to descend into it.</summary>
internal static class TreeWalker
{
    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Everything below <paramref name="root"/> (not the root itself). A directory is descended into unless
    /// <paramref name="descend"/> says no.</summary>
    public static IEnumerable<(string Path, string FullPath, FileStatus Status)> Walk(string root, Func<string, FileStatus, bool>? descend = null)
    {
        var pending = new Stack<(string Relative, string Full)>();
        pending.Push(("", root));
        while (pending.TryPop(out var directory))
        {
            var children = Directory.EnumerateFileSystemEntries(directory.Full, "*", AllEntries)
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal)
                .ToList();
            var subdirectories = new List<(string, string)>();
            foreach (var name in children)
            {
                var relative = directory.Relative.Length == 0 ? name! : directory.Relative + "/" + name;
                var full = Path.Combine(directory.Full, name!);
                var status = LinuxFiles.Lstat(full);
                yield return (relative, full, status);
                if (status.Kind == UnixFileKind.Directory && (descend is null || descend(relative, status)))
                {
                    subdirectories.Add((relative, full));
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }
}
