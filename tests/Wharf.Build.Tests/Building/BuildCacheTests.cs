namespace Wharf.Build.Tests.Building;

/// <summary>The local build cache: a rebuild with no change runs no step, a change to one file reruns only the steps
/// from the one that reads it (a COPY, or a RUN's bind mount), and <c>--no-cache</c> runs everything.</summary>
public sealed class BuildCacheTests : IDisposable
{
    private const string Dockerfile = BuildWorkspace.BusyboxStage + """

        COPY first.txt /first.txt
        RUN echo ran-first && cat /first.txt > /copy-of-first
        COPY last.txt /last.txt
        RUN echo ran-last && cat /last.txt > /copy-of-last
        """;

    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_rebuild_without_changes_runs_nothing_and_gives_the_same_digest()
    {
        var context = _workspace.Context("app", Dockerfile, new Dictionary<string, string> { ["first.txt"] = "1", ["last.txt"] = "2" });
        var (first, _) = await _workspace.BuildAsync(context);

        var (second, log) = await _workspace.BuildAsync(context);

        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.DoesNotContain("ran-first", log.Lines);
        Assert.DoesNotContain("ran-last", log.Lines);
    }

    [Fact]
    public async Task Builds_of_another_cache_scope_neither_find_the_steps_nor_share_a_cache_mount()
    {
        // What a step makes may be a secret of its own (a generated key); on a server every team's builds share one state.
        var context = _workspace.Context("scoped", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=cache,target=/cache echo ran-generate && head -c 16 /dev/urandom | od -An -tx1 > /key && cp /key /cache/last-key
            RUN --mount=type=cache,target=/cache echo ran-look && (cat /cache/other-key 2> /dev/null || echo none) > /seen-in-cache && cp /key /cache/other-key
            """);
        var (teamA, _) = await _workspace.BuildAsync(context, r => r with { CacheScope = "team-a/app" });

        var (teamB, logB) = await _workspace.BuildAsync(context, r => r with { CacheScope = "team-b/app" });
        var (teamAAgain, logAAgain) = await _workspace.BuildAsync(context, r => r with { CacheScope = "team-a/app" });

        Assert.Contains("ran-generate", logB.Lines);
        Assert.NotEqual(await RunStepTests.ReadFileAsync(teamA, "key"), await RunStepTests.ReadFileAsync(teamB, "key"));
        Assert.Equal("none\n", await RunStepTests.ReadFileAsync(teamB, "seen-in-cache")); // team A's cache mount is not B's
        Assert.DoesNotContain("ran-generate", logAAgain.Lines); // a scope keeps its own cache
        Assert.Equal(teamA.ManifestDigest, teamAAgain.ManifestDigest);
    }

    [Fact]
    public async Task Changing_the_last_copied_file_reruns_only_the_last_steps()
    {
        var context = _workspace.Context("app", Dockerfile, new Dictionary<string, string> { ["first.txt"] = "1", ["last.txt"] = "2" });
        var (first, _) = await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "last.txt"), "changed");

        var (second, log) = await _workspace.BuildAsync(context);

        Assert.DoesNotContain("ran-first", log.Lines);
        Assert.Contains("ran-last", log.Lines);
        var before = await ImageTree.ReadAsync(first.Image);
        var after = await ImageTree.ReadAsync(second.Image);
        Assert.Equal(before.Layers.Take(4), after.Layers.Take(4));
        Assert.NotEqual(before.Layers[4].Digest, after.Layers[4].Digest);
    }

    [Fact]
    public async Task A_run_that_binds_part_of_the_context_reruns_when_a_bound_file_changes_and_only_then()
    {
        var context = _workspace.Context("bind", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=bind,source=config,target=/config echo ran-bind && cat /config/value > /value
            """, new Dictionary<string, string> { ["config/value"] = "1", ["other.txt"] = "1" });
        await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "other.txt"), "2");
        var (_, unchanged) = await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "config", "value"), "2");

        var (_, changed) = await _workspace.BuildAsync(context);

        Assert.DoesNotContain("ran-bind", unchanged.Lines);
        Assert.Contains("ran-bind", changed.Lines);
    }

    [Fact]
    public async Task No_cache_runs_every_step_and_still_gives_the_same_layers_for_the_same_inputs()
    {
        var context = _workspace.Context("app", Dockerfile, new Dictionary<string, string> { ["first.txt"] = "1", ["last.txt"] = "2" });
        var (first, _) = await _workspace.BuildAsync(context);

        var (second, log) = await _workspace.BuildAsync(context, r => r with { NoCache = true });

        Assert.Contains("ran-first", log.Lines);
        Assert.Contains("ran-last", log.Lines);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }
}
