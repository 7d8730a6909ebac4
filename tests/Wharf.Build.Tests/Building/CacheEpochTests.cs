using Wharf.Build.Layers;

namespace Wharf.Build.Tests.Building;

/// <summary>The epoch is not in a step's cache key (every commit has its own, and would otherwise rerun every step),
/// yet a build's digest never depends on what its cache held: a layer cached at another epoch, or compressed
/// otherwise, is re-encoded into exactly what a cold build makes.</summary>
public sealed class CacheEpochTests : IDisposable
{
    private const long LastCommit = 1_600_000_000;
    private const long ThisCommit = 1_650_000_000;

    private const string Dockerfile = BuildWorkspace.BusyboxStage + """

        RUN echo ran-packages && mkdir -p /usr/share/pkg && echo made > /usr/share/pkg/new && echo kept > /usr/share/pkg/old && touch -d @1000000000 /usr/share/pkg/old && ln /usr/share/pkg/new /usr/share/pkg/hardlink
        RUN echo ran-cleanup && rm /usr/share/pkg/new /bin/yes
        COPY deps.txt /app/deps.txt
        RUN echo ran-deps && cat /app/deps.txt > /app/installed
        COPY main.txt /app/main.txt
        """;

    private readonly BuildWorkspace _cached = new();
    private readonly BuildWorkspace _cold = new();

    public void Dispose()
    {
        _cached.Dispose();
        _cold.Dispose();
    }

    [Fact]
    public async Task A_new_commit_runs_no_unchanged_step_and_gives_the_digest_of_a_cold_build_at_its_epoch()
    {
        var files = new Dictionary<string, string> { ["deps.txt"] = "left-pad 1.0", ["main.txt"] = "v1" };
        var context = _cached.Context("app", Dockerfile, files);
        var (last, _) = await _cached.BuildAsync(context, At(LastCommit));
        File.WriteAllText(Path.Combine(context, "main.txt"), "v2"); // the new commit changes only the last file

        var (next, log) = await _cached.BuildAsync(context, At(ThisCommit));

        Assert.DoesNotContain(log.Lines, l => l.StartsWith("ran-", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("re-encoded (times from epoch 1600000000 to 1650000000)", StringComparison.Ordinal));
        files["main.txt"] = "v2";
        var (cold, coldLog) = await _cold.BuildAsync(_cold.Context("app", Dockerfile, files), At(ThisCommit));
        Assert.Contains("ran-deps", coldLog.Lines);
        Assert.Equal(cold.ManifestDigest, next.ManifestDigest);
        var tree = await ImageTree.ReadAsync(next.Image);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_000_000_000), tree.Files["usr/share/pkg/old"].ModificationTime); // its own older time stays
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ThisCommit), tree.Files["app/installed"].ModificationTime);
        Assert.NotEqual(last.ManifestDigest, next.ManifestDigest);
    }

    [Fact]
    public async Task Going_back_to_an_earlier_epoch_gives_its_digest_again_without_running_a_step()
    {
        var files = new Dictionary<string, string> { ["deps.txt"] = "left-pad 1.0", ["main.txt"] = "v1" };
        var context = _cached.Context("app", Dockerfile, files);
        var (first, _) = await _cached.BuildAsync(context, At(ThisCommit));
        await _cached.BuildAsync(context, At(LastCommit));

        var (again, log) = await _cached.BuildAsync(context, At(ThisCommit));
        var (earlier, earlierLog) = await _cached.BuildAsync(context, At(LastCommit));

        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
        var (cold, _) = await _cold.BuildAsync(_cold.Context("app", Dockerfile, files), At(LastCommit));
        Assert.Equal(cold.ManifestDigest, earlier.ManifestDigest);
        Assert.DoesNotContain(log.Lines.Concat(earlierLog.Lines), l => l.StartsWith("ran-", StringComparison.Ordinal) || l.Contains("re-encoded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zstd_build_after_a_gzip_one_runs_no_step_and_gives_the_cold_zstd_digest()
    {
        var files = new Dictionary<string, string> { ["deps.txt"] = "left-pad 1.0", ["main.txt"] = "v1" };
        var context = _cached.Context("app", Dockerfile, files);
        var (gzip, _) = await _cached.BuildAsync(context, At(LastCommit));

        var (zstd, log) = await _cached.BuildAsync(context, r => At(LastCommit)(r) with { Compression = LayerCompression.Zstd });

        Assert.DoesNotContain(log.Lines, l => l.StartsWith("ran-", StringComparison.Ordinal));
        var (cold, _) = await _cold.BuildAsync(_cold.Context("app", Dockerfile, files), r => At(LastCommit)(r) with { Compression = LayerCompression.Zstd });
        Assert.Equal(cold.ManifestDigest, zstd.ManifestDigest);
        var tree = await ImageTree.ReadAsync(zstd.Image);
        Assert.All(tree.Layers, l => Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", l.MediaType));
        Assert.Equal((await ImageTree.ReadAsync(gzip.Image)).Config.RootFs.DiffIds, tree.Config.RootFs.DiffIds);
    }

    [Fact]
    public async Task A_context_file_with_its_own_time_between_the_epochs_is_copied_again()
    {
        // Its layer time is the last epoch then (clamped) and its own time now: the key tells them apart.
        var files = new Dictionary<string, string> { ["deps.txt"] = "left-pad 1.0", ["main.txt"] = "v1" };
        var context = _cached.Context("app", Dockerfile, files);
        File.SetLastWriteTimeUtc(Path.Combine(context, "deps.txt"), DateTimeOffset.FromUnixTimeSeconds(1_620_000_000).UtcDateTime);
        await _cached.BuildAsync(context, At(LastCommit));

        var (next, log) = await _cached.BuildAsync(context, At(ThisCommit));

        Assert.Contains("ran-deps", log.Lines);
        Assert.DoesNotContain("ran-packages", log.Lines);
        var tree = await ImageTree.ReadAsync(next.Image);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_620_000_000), tree.Files["app/deps.txt"].ModificationTime);
    }

    private static Func<BuildRequest, BuildRequest> At(long epoch) => r => r with { SourceDateEpoch = epoch };
}
