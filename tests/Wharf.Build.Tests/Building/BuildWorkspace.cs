namespace Wharf.Build.Tests.Building;

/// <summary>A builder test's directories: a state directory (blobs, layers) and build contexts, all under one
/// temporary directory; and a static busybox, which every context copies in to have a shell without a base image.</summary>
internal sealed class BuildWorkspace : IDisposable
{
    /// <summary>FROM scratch with busybox's applets installed: a shell, coreutils, no network needed.</summary>
    public const string BusyboxStage =
        """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        """;

    private readonly TempDirectory _directory = new("wharf-builder-");

    public BuildWorkspace(bool? useOverlay = null, TimeSpan? runTimeout = null, bool confirmCachedBlobs = false, Func<BuilderOptions, BuilderOptions>? adjust = null)
    {
        StateDirectory = _directory["state"];
        var options = new BuilderOptions
        {
            StateDirectory = StateDirectory,
            BaseImages = new LayoutBaseImages(),
            UseOverlay = useOverlay,
            RunTimeout = runTimeout ?? TimeSpan.FromMinutes(2),
            ConfirmCachedBlobs = confirmCachedBlobs,
        };
        Builder = new ImageBuilder(adjust is null ? options : adjust(options));
    }

    public string StateDirectory { get; }

    public ImageBuilder Builder { get; }

    public string Root => _directory.Path;

    /// <summary>A context directory with busybox, the Dockerfile and the given files (path → text).</summary>
    public string Context(string name, string dockerfile, IReadOnlyDictionary<string, string>? files = null)
    {
        var directory = Directory.CreateDirectory(_directory[name]).FullName;
        File.Copy(Busybox, Path.Combine(directory, "busybox"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), dockerfile + "\n");
        foreach (var (path, text) in files ?? new Dictionary<string, string>())
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return directory;
    }

    public async Task<(BuildResult Result, CollectingLog Log)> BuildAsync(string context, Func<BuildRequest, BuildRequest>? adjust = null)
    {
        var log = new CollectingLog();
        var request = new BuildRequest { ContextDirectory = context };
        var result = await Builder.BuildAsync(adjust is null ? request : adjust(request), log, TestContext.Current.CancellationToken);
        return (result, log);
    }

    public void Dispose() => _directory.Dispose();

    private static string Busybox =>
        File.Exists("/usr/bin/busybox") ? "/usr/bin/busybox"
        : File.Exists("/bin/busybox") ? "/bin/busybox"
        : throw new InvalidOperationException("busybox (Debian's busybox-static) is needed for builder tests: scripts/install-test-tools.sh installs it");
}
