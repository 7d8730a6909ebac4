namespace Wharf.Server.Builds;

/// <summary>Paths a build names inside its context (the Dockerfile, a git subfolder), resolved the way the kernel would
/// resolve them, symbolic links followed, and refused when that leads outside the context: a context may hold a link to
/// <c>/etc/shadow</c>, but a build must not read it as its Dockerfile.</summary>
public static class ContextPaths
{
    private const int MaxLinks = 40;

    /// <summary>The real path of <paramref name="relative"/> under <paramref name="root"/> (whether it exists or not);
    /// a <see cref="BuildContextException"/> naming <paramref name="what"/> when it is absolute, climbs out with
    /// <c>..</c>, or a link takes it outside.</summary>
    public static string Inside(string root, string relative, string what)
    {
        root = Path.GetFullPath(root);
        if (Path.IsPathRooted(relative) || relative.Split('/').Contains(".."))
        {
            throw new BuildContextException($"{what} '{relative}' must be a path inside the context, without ..");
        }

        var resolved = Resolve(root, relative.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);
        return resolved == root || resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? resolved
            : throw new BuildContextException($"{what} '{relative}' is a symbolic link that leads outside the context: refused");
    }

    private static string Resolve(string current, IEnumerable<string> parts, int links)
    {
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }

            var next = part == ".." ? Path.GetDirectoryName(current) ?? current : Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new BuildContextException($"too many levels of symbolic links at '{next}'");
            }

            var start = Path.IsPathRooted(target) ? "/" : current;
            current = Resolve(start, target.Split('/', StringSplitOptions.RemoveEmptyEntries), links);
        }

        return current;
    }
}
