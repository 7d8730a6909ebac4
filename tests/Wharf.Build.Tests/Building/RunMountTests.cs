namespace Wharf.Build.Tests.Building;

/// <summary>RUN --mount=type=bind and type=cache with from=: what the step sees, that a writable bind's writes are
/// thrown away, that the cache key follows the stage a bind shows, and that nothing of a mount reaches a layer.</summary>
public sealed class RunMountTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>A stage that makes /out (a file owned 1001:1002 mode 640, a directory 700) and one no target needs.</summary>
    private static readonly string Stages = BuildWorkspace.BusyboxStage.Replace("FROM scratch", "FROM scratch AS base", StringComparison.Ordinal) + """

        FROM base AS compile
        RUN mkdir -p /out/private && echo compiled > /out/app && chown 1001:1002 /out/app && chmod 640 /out/app && chmod 700 /out/private

        FROM base AS unused
        RUN echo this-stage-must-not-run && exit 1

        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bind_from_a_stage_shows_its_files_builds_it_and_leaves_nothing_in_the_layer(bool overlay)
    {
        using var workspace = new BuildWorkspace(useOverlay: overlay);
        var context = workspace.Context("bind-from", Stages + """
            FROM base
            RUN --mount=type=bind,from=compile,source=/out,target=/mnt/out \
                cat /mnt/out/app > /seen && stat -c '%u:%g:%a' /mnt/out/app /mnt/out/private > /modes && (touch /mnt/out/x 2> /dev/null || echo read-only > /write)
            """);

        var (result, log) = await workspace.BuildAsync(context);

        Assert.DoesNotContain(log.Lines, l => l.Contains("this-stage-must-not-run", StringComparison.Ordinal) && !l.StartsWith('['));
        Assert.Equal("compiled\n", await RunStepTests.ReadFileAsync(result, "seen"));
        Assert.Equal("1001:1002:640\n0:0:700\n", await RunStepTests.ReadFileAsync(result, "modes"));
        Assert.Equal("read-only\n", await RunStepTests.ReadFileAsync(result, "write"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("mnt", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("out", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Writes_through_an_rw_bind_are_seen_by_the_step_and_then_thrown_away(bool overlay)
    {
        using var workspace = new BuildWorkspace(useOverlay: overlay);
        var context = workspace.Context("bind-rw", Stages + """
            FROM base
            RUN --mount=type=bind,from=compile,source=/out,target=/mnt,rw \
                echo changed > /mnt/app && touch /mnt/new && cat /mnt/app > /seen && stat -c '%u:%g:%a' /mnt /mnt/app > /modes
            RUN --mount=type=bind,from=compile,source=/out,target=/mnt cat /mnt/app > /again && ls /mnt > /listing
            RUN --mount=type=bind,source=src,target=/src,readwrite echo scribbled > /src/input && cat /src/input > /context-seen
            """, new Dictionary<string, string> { ["src/input"] = "original" });

        var (result, _) = await workspace.BuildAsync(context);

        Assert.Equal("changed\n", await RunStepTests.ReadFileAsync(result, "seen"));
        Assert.Equal("0:0:755\n1001:1002:640\n", await RunStepTests.ReadFileAsync(result, "modes"));
        Assert.Equal("compiled\n", await RunStepTests.ReadFileAsync(result, "again"));
        Assert.Equal("app\nprivate\n", await RunStepTests.ReadFileAsync(result, "listing"));
        Assert.Equal("scribbled\n", await RunStepTests.ReadFileAsync(result, "context-seen"));
        Assert.Equal("original", File.ReadAllText(Path.Combine(context, "src/input")));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("mnt", StringComparison.Ordinal) || k.StartsWith("src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bind_from_an_image_shows_the_image_files()
    {
        var baseContext = _workspace.Context("base", BuildWorkspace.BusyboxStage + "\nRUN mkdir -p /etc && echo base > /etc/base-marker\n");
        var (built, _) = await _workspace.BuildAsync(baseContext);
        var layout = Path.Combine(_workspace.Root, "layout");
        await using (var destination = await Wharf.Oci.Layout.FileImageTransports.OpenDestinationAsync(Wharf.Oci.Images.ImageReference.Parse($"oci:{layout}:base"), CancellationToken.None))
        {
            await new Wharf.Oci.Images.ImageCopier().CopyAsync(built.Image, destination, new Wharf.Oci.Images.CopyOptions(), CancellationToken.None);
        }

        var context = _workspace.Context("bind-image", BuildWorkspace.BusyboxStage + $"\nRUN --mount=from=oci:{layout}:base,source=etc,target=/base cat /base/base-marker > /seen\n");

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal("base\n", await RunStepTests.ReadFileAsync(result, "seen"));
    }

    [Fact]
    public async Task A_changed_stage_reruns_a_step_that_binds_from_it()
    {
        var dockerfile = Stages + """
            FROM base
            RUN --mount=type=bind,from=compile,target=/c echo ran && cat /c/out/app > /seen
            """;
        var context = _workspace.Context("bind-from-cache", dockerfile);
        await _workspace.BuildAsync(context);
        var (_, unchanged) = await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile.Replace("echo compiled", "echo recompiled", StringComparison.Ordinal) + "\n");

        var (result, changed) = await _workspace.BuildAsync(context);

        Assert.DoesNotContain("ran", unchanged.Lines);
        Assert.Contains("ran", changed.Lines);
        Assert.Equal("recompiled\n", await RunStepTests.ReadFileAsync(result, "seen"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cache_mount_from_a_stage_starts_as_its_files_and_then_keeps_its_own(bool overlay)
    {
        using var workspace = new BuildWorkspace(useOverlay: overlay);
        var dockerfile = Stages + """
            FROM base
            RUN --mount=type=cache,from=compile,source=/out,target=/cache \
                cat /cache/app > /seen && stat -c '%u:%g:%a' /cache/app /cache/private > /modes && echo more >> /cache/app
            """;
        var context = workspace.Context("cache-from", dockerfile);

        var (first, _) = await workspace.BuildAsync(context);
        var (second, _) = await workspace.BuildAsync(context, r => r with { NoCache = true });
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile.Replace("echo compiled", "echo recompiled", StringComparison.Ordinal) + "\n");
        var (third, _) = await workspace.BuildAsync(context);

        Assert.Equal("compiled\n", await RunStepTests.ReadFileAsync(first, "seen"));
        Assert.Equal("1001:1002:640\n0:0:700\n", await RunStepTests.ReadFileAsync(first, "modes"));
        Assert.Equal("compiled\nmore\n", await RunStepTests.ReadFileAsync(second, "seen"));
        Assert.Equal("recompiled\n", await RunStepTests.ReadFileAsync(third, "seen"));
        var tree = await ImageTree.ReadAsync(third.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("cache", StringComparison.Ordinal) || k.StartsWith("out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mount_source_missing_from_its_stage_fails_naming_the_line()
    {
        var context = _workspace.Context("bind-missing", Stages + "FROM base\nRUN --mount=type=bind,from=compile,source=/nope,target=/mnt true\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:10: RUN: the mount's source /nope is not in compile", failure.Message);
    }
}
