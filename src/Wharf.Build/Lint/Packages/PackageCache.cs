namespace Wharf.Build.Lint.Packages;

/// <summary>
/// A directory a package manager fills (<see cref="Directory"/> in <see cref="CachePath"/> form) and what the
/// advice calls it. <see cref="Fix"/> is how to keep it out of the layer that fills it.
/// </summary>
internal sealed record PackageCache(string Name, string Directory, string Fix)
{
    public static PackageCache AptLists { get; } = new("apt package lists", "/var/lib/apt/lists", "end the same RUN with && rm -rf /var/lib/apt/lists/*");

    public static PackageCache AptArchives { get; } = new("downloaded .deb files", "/var/cache/apt", "end the same RUN with && apt-get clean");

    public static PackageCache Apk { get; } = new("apk's package index", "/var/cache/apk", "use apk add --no-cache (or apk update ... && rm -rf /var/cache/apk/* in the same RUN)");

    public static PackageCache Pip { get; } = new("pip's download cache", "~/.cache/pip", "use pip install --no-cache-dir (or ENV PIP_NO_CACHE_DIR=1)");

    public static PackageCache Npm { get; } = new("npm's cache", "~/.npm", "end the same RUN with && npm cache clean --force");

    public static PackageCache Yarn { get; } = new("yarn's cache", "/usr/local/share/.cache/yarn", "end the same RUN with && yarn cache clean");

    public static PackageCache Dnf { get; } = new("dnf and yum caches", "/var/cache/dnf", "end the same RUN with && dnf clean all (or yum clean all)");

    public static PackageCache Temporary { get; } = new("temporary files", "/tmp", "delete them in the same RUN that creates them");

    /// <summary>Where a RUN's cache mount would keep it out of every layer instead.</summary>
    public string MountHint => $"--mount=type=cache,target={Directory.Replace("~", "/root", StringComparison.Ordinal)}";
}
