namespace Wharf.Build.Rootfs;

/// <summary>Resolves a path of an image's root filesystem to a path on this machine without ever leaving the root:
/// every symbolic link met on the way is followed as the container would see it (an absolute target starts again
/// at the root, <c>..</c> stops at the root), which is what keeps a COPY destination or an /etc/passwd that is a
/// link to <c>/</c> or <c>../../..</c> inside the build (what libraries call a "secure join").</summary>
internal static class RootPath
{
    private const int MaxLinks = 255;

    /// <summary>The host path of <paramref name="containerPath"/> under <paramref name="root"/>. The last component
    /// is followed only when <paramref name="followLast"/>; components that do not exist are kept as they are.</summary>
    public static string Resolve(string root, string containerPath, bool followLast = true)
    {
        var pending = new Stack<string>(Components(containerPath).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine(root, Path.Combine([.. resolved, part]));
            var isLast = pending.Count == 0;
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target && (!isLast || followLast))
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"too many levels of symbolic links in {containerPath}");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var next in Components(target).Reverse())
                {
                    pending.Push(next);
                }

                continue;
            }

            resolved.Add(part);
        }

        return resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
