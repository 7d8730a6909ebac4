namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>A realistic Debian root for the corpus cases that need a package manager: <c>debootstrap
/// --variant=minbase bookworm</c> from deb.debian.org (the one step of the run that needs the network), with
/// debootstrap's downloaded packages and package lists removed so the image stays small.</summary>
internal static class DebianRoot
{
    private static readonly TimeSpan DebootstrapTimeout = TimeSpan.FromMinutes(10);

    public static async Task CreateAsync(string root, CancellationToken ct)
    {
        (await ExternalTool.RunAsync(ExternalTool.Require("debootstrap"),
            ["--variant=minbase", "bookworm", root, "http://deb.debian.org/debian"], timeout: DebootstrapTimeout, ct: ct)).EnsureSuccess();
        foreach (var cache in new[] { "var/cache/apt/archives", "var/lib/apt/lists" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, cache)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Downloads <paramref name="packages"/>' .deb files with the host's apt (Debian 12, as the root) into
    /// <paramref name="directory"/>: builds run without a network, so cases install them with <c>dpkg -i</c>.</summary>
    public static async Task DownloadAsync(string directory, IEnumerable<string> packages, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        (await ExternalTool.RunAsync("apt-get", ["download", .. packages], workingDirectory: directory, ct: ct)).EnsureSuccess();
    }
}
