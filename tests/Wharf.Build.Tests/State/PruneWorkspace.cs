using Wharf.Build.Tests.Building;

namespace Wharf.Build.Tests.State;

/// <summary>A <see cref="BuildWorkspace"/> for prune tests: builds that let go of the state as soon as they are done
/// (their image source disposed, as the CLI and the server do after copying), and what the state holds.</summary>
internal sealed class PruneWorkspace : IDisposable
{
    public BuildWorkspace Builds { get; } = new();

    public string State => Builds.StateDirectory;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Builds and releases the state; the log says which steps ran (their <c>ran-NAME</c> lines).</summary>
    public async Task<(BuildResult Result, CollectingLog Log)> BuildAsync(string context, Func<BuildRequest, BuildRequest>? adjust = null)
    {
        var (result, log) = await Builds.BuildAsync(context, adjust);
        await result.Image.DisposeAsync();
        return (result, log);
    }

    /// <summary>A context whose RUN steps print <c>ran-NAME</c> and write a file of <paramref name="kilobytes"/> each (the
    /// same bytes every time: the build is reproducible).</summary>
    public string Context(string name, int kilobytes, params string[] steps) =>
        Builds.Context(name, BuildWorkspace.BusyboxStage + "\n" + string.Join('\n',
            steps.Select(s => $"RUN echo ran-{s} && yes {s} | head -c {kilobytes * 1024} > /{s}.bin")));

    public IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(Path.Combine(State, directory))
            ? [.. Directory.EnumerateFileSystemEntries(Path.Combine(State, directory), "*", SearchOption.AllDirectories)
                .Where(File.Exists).Select(Path.GetFileName).Cast<string>()]
            : [];

    /// <summary>Sets every cache entry's last use back by <paramref name="age"/>, as if its builds were that long ago.</summary>
    public void AgeCacheEntries(TimeSpan age)
    {
        foreach (var entry in Directory.EnumerateFiles(Path.Combine(State, "cache")))
        {
            File.SetLastWriteTimeUtc(entry, DateTime.UtcNow - age);
        }
    }

    public void Dispose() => Builds.Dispose();
}
