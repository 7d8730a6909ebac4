namespace Wharf.Cli.Build;

/// <summary>Where <c>wharf build</c> keeps blobs, unpacked layers and cache mounts between builds: <c>--state</c>,
/// else <c>$WHARF_BUILD_STATE</c>, else /var/lib/wharf/build for root and ~/.local/share/wharf/build otherwise.</summary>
internal static class BuildStateDirectory
{
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return Path.GetFullPath(option);
        }

        if (Environment.GetEnvironmentVariable("WHARF_BUILD_STATE") is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Environment.UserName == "root" ? "/var/lib/wharf/build"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "wharf", "build");
    }
}
