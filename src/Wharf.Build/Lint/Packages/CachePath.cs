namespace Wharf.Build.Lint.Packages;

/// <summary>
/// Paths as the cache rules compare them: a home directory (<c>/root</c>, <c>/home/app</c>, <c>~</c>, <c>$HOME</c>)
/// is <c>~</c>, since the user a RUN runs as is not always known; a glob keeps only the directory before it
/// (<c>/var/lib/apt/lists/*</c> is <c>/var/lib/apt/lists</c>); no trailing slash.
/// </summary>
internal static class CachePath
{
    /// <summary>The normalised form of an absolute or home-relative path, or null for a relative or unknown one.</summary>
    public static string? Normalize(string path)
    {
        foreach (var home in (string[])["$HOME", "${HOME}"])
        {
            if (path == home || path.StartsWith(home + "/", StringComparison.Ordinal))
            {
                path = "~" + path[home.Length..];
            }
        }

        if (path.StartsWith("/root/", StringComparison.Ordinal) || path == "/root")
        {
            path = "~" + path[5..];
        }
        else if (path.StartsWith("/home/", StringComparison.Ordinal))
        {
            var user = path.IndexOf('/', 6);
            path = user < 0 ? "~" : "~" + path[user..];
        }

        var absolute = path.StartsWith('/');
        var glob = path.IndexOfAny(['*', '?', '[']);
        if (glob >= 0)
        {
            path = path[..Math.Max(path.LastIndexOf('/', glob), 0)];
        }

        path = path.TrimEnd('/');
        if (path.Length == 0)
        {
            return absolute ? "/" : null;
        }

        return (absolute || path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) && !CommandOperands.IsUnknown(path) ? path : null;
    }

    /// <summary>True when <paramref name="outer"/> is <paramref name="inner"/> or a directory above it.</summary>
    public static bool Covers(string outer, string inner) =>
        outer == "/" || inner == outer || inner.StartsWith(outer + "/", StringComparison.Ordinal);

    /// <summary>True when one path holds the other: a removal anywhere in a cache counts as cleaning it.</summary>
    public static bool Overlaps(string a, string b) => Covers(a, b) || Covers(b, a);
}
