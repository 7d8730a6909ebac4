using Wharf.Build.Lint.Packages;

namespace Wharf.Build.Lint;

/// <summary>
/// Where package managers keep caches in a root filesystem, as layer paths (no leading slash; <c>*</c> stands for one
/// home directory's name), for measuring what a built image ships of them.
/// </summary>
internal sealed record ImageCache(PackageCache Cache, IReadOnlyList<string> Prefixes)
{
    public static IReadOnlyList<ImageCache> All { get; } =
    [
        new(PackageCache.AptLists, ["var/lib/apt/lists/"]),
        new(PackageCache.AptArchives, ["var/cache/apt/"]),
        new(PackageCache.Apk, ["var/cache/apk/"]),
        new(PackageCache.Pip, ["root/.cache/pip/", "home/*/.cache/pip/"]),
        new(PackageCache.Npm, ["root/.npm/", "home/*/.npm/"]),
        new(PackageCache.Yarn, ["usr/local/share/.cache/yarn/"]),
        new(PackageCache.Dnf, ["var/cache/dnf/", "var/cache/yum/"]),
    ];

    public bool Holds(string path) => Prefixes.Any(prefix => Matches(prefix, path));

    private static bool Matches(string prefix, string path)
    {
        var star = prefix.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return path.StartsWith(prefix, StringComparison.Ordinal);
        }

        if (path.Length <= star || !path.StartsWith(prefix[..star], StringComparison.Ordinal))
        {
            return false;
        }

        var home = path.IndexOf('/', star);
        return home > star && path[home..].StartsWith(prefix[(star + 1)..], StringComparison.Ordinal);
    }
}
