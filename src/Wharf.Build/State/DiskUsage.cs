using System.Collections.Concurrent;
using Wharf.Build.Native;

namespace Wharf.Build.State;

/// <summary>The bytes a file or tree takes on disk, as du counts them: allocated blocks, each hard-linked inode once,
/// never crossing into another file system (what a stopped build left mounted). An unpacked layer never changes once in
/// place, so its size is remembered for the life of the process: a server measures its state after every build.</summary>
internal static class DiskUsage
{
    private static readonly ConcurrentDictionary<string, long> Unchanging = new(StringComparer.Ordinal);

    /// <summary>The size of <paramref name="path"/>; 0 when it is gone. <paramref name="unchanging"/>: a tree that is
    /// never modified in place (a layer directory), measured once.</summary>
    public static long Of(string path, bool unchanging = false)
    {
        if (unchanging && Unchanging.TryGetValue(path, out var known))
        {
            return known;
        }

        FileUsage root;
        try
        {
            root = LinuxFiles.LstatUsage(path);
        }
        catch (FileNotFoundException)
        {
            return 0;
        }

        var size = Walk(path, root, root.Device, []);
        if (unchanging)
        {
            Unchanging[path] = size;
        }

        return size;
    }

    /// <summary>Forgets a remembered size (the tree was removed).</summary>
    public static void Forget(string path) => Unchanging.TryRemove(path, out _);

    private static long Walk(string path, FileUsage usage, ulong device, HashSet<(ulong, ulong)> linked)
    {
        if (usage.Kind != UnixFileKind.Directory)
        {
            return usage.LinkCount > 1 && !linked.Add((usage.Device, usage.Inode)) ? 0 : usage.AllocatedBytes;
        }

        var size = usage.AllocatedBytes;
        if (usage.Device != device)
        {
            return size;
        }

        List<string> children;
        try
        {
            children = [.. Directory.EnumerateFileSystemEntries(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return size; // removed meanwhile, or unreadable: what was counted stands
        }

        foreach (var child in children)
        {
            try
            {
                size += Walk(child, LinuxFiles.LstatUsage(child), device, linked);
            }
            catch (FileNotFoundException)
            {
                // Removed meanwhile (a running build's scratch, measured without the lock).
            }
        }

        return size;
    }
}
