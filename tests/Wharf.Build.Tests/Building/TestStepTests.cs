namespace Wharf.Build.Tests.Building;

/// <summary>The build's test (<c>wharf build --test CMD</c>, a trigger's test step) in runc on the finished image: a
/// passing test changes nothing about the image, a failing one fails the build in one line, what it writes is thrown
/// away, and it sees the image's Env, User and WorkingDir with no network but loopback.</summary>
public sealed class TestStepTests : IDisposable
{
    private const string Image = BuildWorkspace.BusyboxStage + """

        RUN mkdir -p /app && echo "tester:x:1000:1000::/home/tester:/bin/sh" >> /etc/passwd
        ENV MODE=prod
        WORKDIR /app
        USER tester
        """;

    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_passing_test_leaves_the_image_a_build_without_it_makes_and_prints_to_the_log()
    {
        var context = _workspace.Context("passing", Image);

        var (tested, log) = await _workspace.BuildAsync(context, r => r with { Test = "echo \"mode=$MODE dir=$(pwd) uid=$(id -u) routes=[$(ip route)]\"" });
        var (plain, _) = await _workspace.BuildAsync(context);

        Assert.Equal(plain.ManifestDigest, tested.ManifestDigest);
        var lines = log.Lines.ToList();
        var heading = lines.IndexOf("[test] echo \"mode=$MODE dir=$(pwd) uid=$(id -u) routes=[$(ip route)]\"");
        Assert.True(heading >= 0, string.Join('\n', lines));
        Assert.Equal("mode=prod dir=/app uid=1000 routes=[]", lines[heading + 1]);
        Assert.Equal("[test] passed", lines[heading + 2]);
    }

    [Fact]
    public async Task A_failing_test_fails_the_build_naming_the_command_and_its_exit_code()
    {
        var context = _workspace.Context("failing", Image);

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context, r => r with { Test = "echo checking; exit 3" }));

        Assert.Equal("the test command echo checking; exit 3 exited with code 3", failure.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task What_a_test_writes_leaves_no_trace_in_the_image_or_the_cache(bool overlay)
    {
        using var workspace = new BuildWorkspace(useOverlay: overlay);
        var context = workspace.Context("writing", BuildWorkspace.BusyboxStage + """

            RUN mkdir -p /app /tmp && echo kept > /app/kept
            WORKDIR /app
            """);
        var test = "echo left > /app/by-the-test && rm /app/kept && mkdir /tmp/made && echo changed > /bin/busybox.note";

        var (tested, log) = await workspace.BuildAsync(context, r => r with { Test = test });
        var (again, againLog) = await workspace.BuildAsync(context, r => r with { Test = "test ! -e /app/by-the-test && test -e /app/kept" });
        var (plain, _) = await workspace.BuildAsync(context);

        Assert.Contains("[test] passed", log.Lines);
        Assert.Contains("[test] passed", againLog.Lines); // the second test runs on the image as built, not on what the first left
        Assert.Equal(plain.ManifestDigest, tested.ManifestDigest);
        Assert.Equal(plain.ManifestDigest, again.ManifestDigest);
        var tree = await ImageTree.ReadAsync(tested.Image);
        Assert.DoesNotContain("app/by-the-test", tree.Files.Keys);
        Assert.DoesNotContain("tmp/made", tree.Files.Keys);
        Assert.Contains("app/kept", tree.Files.Keys);
        Assert.DoesNotContain(tree.Config.History!, h => h.CreatedBy?.Contains("by-the-test", StringComparison.Ordinal) == true);
    }
}
