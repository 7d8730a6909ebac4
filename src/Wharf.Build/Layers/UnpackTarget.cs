using Wharf.Build.Native;

namespace Wharf.Build.Layers;

/// <summary>The directory a layer is unpacked into, and the one place that turns a cleaned member path into a full
/// path. Every parent of a path is checked, part by part with lstat, to be a real directory (never a symlink, which a
/// hostile layer plants to make a later member land outside); missing parents are made 0755, as docker makes them.
/// Checked directories are remembered until something at or above them is replaced.</summary>
internal sealed class UnpackTarget(string root)
{
    private const uint ImplicitDirectoryMode = 0x1ED; // 0755

    private readonly HashSet<string> _checkedDirectories = new(StringComparer.Ordinal) { "" };
    private readonly Dictionary<string, DateTimeOffset> _directoryTimes = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    public string FullPath(string path) => path.Length == 0 ? Root : Path.Combine(Root, path);

    /// <summary>Makes sure every directory above <paramref name="path"/> exists and is a real directory, creating the
    /// missing ones; <see cref="InvalidDataException"/> naming the entry when one is a symlink or not a directory.</summary>
    public void PrepareParents(string path, string entryName) => CheckDirectory(TarMemberPath.Parent(path), entryName, create: true);

    /// <summary>Whether every directory above <paramref name="path"/> exists as a real directory (false when one is
    /// missing); <see cref="InvalidDataException"/> when one is a symlink or not a directory.</summary>
    public bool ParentsExist(string path, string entryName) => CheckDirectory(TarMemberPath.Parent(path), entryName, create: false);

    /// <summary>Makes sure <paramref name="directory"/> itself is a real directory, creating it and its parents.</summary>
    public void PrepareDirectory(string directory, string entryName) => CheckDirectory(directory, entryName, create: true);

    /// <summary>Whether <paramref name="directory"/> and every directory above it exist as real directories.</summary>
    public bool DirectoryExists(string directory, string entryName) => CheckDirectory(directory, entryName, create: false);

    /// <summary>The object at <paramref name="path"/>, not following a symlink, or null.</summary>
    public FileStatus? Find(string path)
    {
        try
        {
            return LinuxFiles.Lstat(FullPath(path));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes whatever is at <paramref name="path"/> (a directory with everything in it; a symlink itself,
    /// never its target) and forgets the directories checked at or below it.</summary>
    public void Remove(string path, FileStatus existing)
    {
        var fullPath = FullPath(path);
        if (existing.Kind == UnixFileKind.Directory)
        {
            Directory.Delete(fullPath, recursive: true); // .NET unlinks symlinks inside, never descends through them
            _checkedDirectories.RemoveWhere(d => IsAtOrBelow(d, path));
            foreach (var below in _directoryTimes.Keys.Where(d => IsAtOrBelow(d, path)).ToList())
            {
                _directoryTimes.Remove(below);
            }
        }
        else
        {
            File.Delete(fullPath);
        }
    }

    /// <summary>Records that <paramref name="path"/> is now a real directory.</summary>
    public void MarkDirectory(string path) => _checkedDirectories.Add(path);

    /// <summary>Remembers a directory's mtime for <see cref="SetDirectoryTimes"/>: every member created in a directory
    /// changes its mtime, so directories get theirs when everything is in place.</summary>
    public void DeferTime(string path, DateTimeOffset mtime) => _directoryTimes[path] = mtime;

    /// <summary>Sets the deferred directory times (of directories still there: a later member may have removed one).</summary>
    public void SetDirectoryTimes()
    {
        foreach (var (path, mtime) in _directoryTimes)
        {
            if (Find(path) is { Kind: UnixFileKind.Directory } && ParentsExist(path, path))
            {
                SetTimes(FullPath(path), mtime);
            }
        }
    }

    /// <summary>Sets an object's mtime (and atime) from a tar time, to the nanosecond it holds.</summary>
    public static void SetTimes(string fullPath, DateTimeOffset mtime)
    {
        var ticks = (mtime - DateTimeOffset.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        LinuxFiles.SetTimes(fullPath, seconds, remainder * 100);
    }

    private static bool IsAtOrBelow(string path, string directory) =>
        directory.Length == 0 || path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    private bool CheckDirectory(string directory, string entryName, bool create)
    {
        if (_checkedDirectories.Contains(directory))
        {
            return true;
        }

        var current = "";
        foreach (var part in directory.Split('/'))
        {
            current = TarMemberPath.Combine(current, part);
            if (_checkedDirectories.Contains(current))
            {
                continue;
            }

            var status = Find(current);
            if (status is null)
            {
                if (!create)
                {
                    return false;
                }

                Directory.CreateDirectory(FullPath(current));
                LinuxFiles.Chmod(FullPath(current), ImplicitDirectoryMode);
            }
            else if (status.Value.Kind == UnixFileKind.Symlink)
            {
                throw new InvalidDataException($"layer entry '{entryName}' would be written through the symlink '{current}'");
            }
            else if (status.Value.Kind != UnixFileKind.Directory)
            {
                throw new InvalidDataException($"layer entry '{entryName}' needs '{current}' to be a directory, and it is a {status.Value.Kind}");
            }

            _checkedDirectories.Add(current);
        }

        return true;
    }
}
