using Wharf.Build.Native;

namespace Wharf.Build.Filesystem;

/// <summary>The walk-and-compare diff for a root without overlayfs (a kernel or container without it): take a snapshot
/// before a RUN, compare the same tree after it. It reads every object twice, where <see cref="OverlayUpperDiff"/> reads
/// only what changed, and finds the same changes, expressed with whiteouts only: a directory removed and made again
/// gives a whiteout for each former child rather than an opaque marker, which unpacks to the same tree.</summary>
public sealed class TreeSnapshot
{
    private readonly Dictionary<string, TreeObject> _objects;

    private TreeSnapshot(Dictionary<string, TreeObject> objects)
    {
        _objects = objects;
    }

    /// <summary>Every object below <paramref name="root"/> (not following symlinks) and what a layer would carry of it.</summary>
    public static TreeSnapshot Take(string root)
    {
        var objects = new Dictionary<string, TreeObject>(StringComparer.Ordinal);
        foreach (var (path, fullPath, status) in TreeWalker.Walk(root))
        {
            objects[path] = TreeObject.Read(fullPath, status);
        }

        return new TreeSnapshot(objects);
    }

    /// <summary>What changed in the same tree since <see cref="Take"/>, in ordinal order of path: objects added or
    /// changed in any way a layer carries (a directory replaced by a file or symlink and the reverse included) as
    /// Objects, with every directory above them as Objects too (as overlayfs' copy-up would have them); the topmost
    /// deleted path of each deleted subtree as a Whiteout. Paths for which <paramref name="ignore"/> is true, and
    /// everything below them, are left out (neither walked nor reported deleted).</summary>
    public IReadOnlyList<LayerEntry> Compare(string root, Func<string, bool>? ignore = null)
    {
        var ignored = ignore ?? (_ => false);
        var current = new Dictionary<string, TreeObject>(StringComparer.Ordinal);
        var entries = new HashSet<LayerEntry>();
        foreach (var (path, fullPath, status) in TreeWalker.Walk(root, (path, _) => !ignored(path)))
        {
            if (ignored(path))
            {
                continue;
            }

            var now = TreeObject.Read(fullPath, status);
            current[path] = now;
            if (!_objects.TryGetValue(path, out var before) || !before.SameAs(now))
            {
                AddWithParents(entries, path, LayerEntryKind.Object);
            }
        }

        foreach (var path in _objects.Keys)
        {
            if (current.ContainsKey(path) || IsIgnored(path, ignored))
            {
                continue;
            }

            // Only the top of a deleted subtree: below it, the whiteout (or the file that replaced the directory) hides all.
            var parent = Parent(path);
            if (parent.Length == 0 || (current.TryGetValue(parent, out var directory) && directory.Status.Kind == UnixFileKind.Directory))
            {
                AddWithParents(entries, path, LayerEntryKind.Whiteout);
            }
        }

        return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Kind)];
    }

    private static void AddWithParents(HashSet<LayerEntry> entries, string path, LayerEntryKind kind)
    {
        entries.Add(new LayerEntry(path, kind));
        var parent = Parent(path);
        while (parent.Length > 0 && entries.Add(new LayerEntry(parent, LayerEntryKind.Object)))
        {
            parent = Parent(parent); // stops at the first parent already there: its own parents came with it
        }
    }

    private static bool IsIgnored(string path, Func<string, bool> ignored)
    {
        for (var ancestor = path; ancestor.Length > 0; ancestor = Parent(ancestor))
        {
            if (ignored(ancestor))
            {
                return true;
            }
        }

        return false;
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
