using System.Formats.Tar;
using Wharf.Build.Dockerfile;

namespace Wharf.Build.Tests.Building;

/// <summary>Whole builds with the real runc and overlayfs: what the image holds, its config, and how failures read.</summary>
public sealed class ImageBuilderTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_build_runs_its_steps_and_the_image_holds_their_files_and_config()
    {
        var context = _workspace.Context("app", BuildWorkspace.BusyboxStage + """

            ENV GREETING=hello
            WORKDIR /app
            COPY greeting.txt ./
            RUN echo "$GREETING from $(cat greeting.txt)" > out.txt && mkdir -p /data && chmod 700 /data
            USER 1000:1000
            EXPOSE 8080
            LABEL org.example.team=ship
            CMD ["cat", "/app/out.txt"]
            """, new Dictionary<string, string> { ["greeting.txt"] = "wharf" });

        var (result, log) = await _workspace.BuildAsync(context);
        var tree = await ImageTree.ReadAsync(result.Image);

        Assert.Equal(TarEntryType.SymbolicLink, tree.Files["bin/sh"].Type);
        Assert.Equal(TarEntryType.RegularFile, tree.Files["app/out.txt"].Type);
        Assert.Equal(TarEntryType.Directory, tree.Files["data"].Type);
        Assert.Equal(0b111_000_000, tree.Files["data"].Mode);
        Assert.Equal(0, tree.Files["app/greeting.txt"].Uid);
        Assert.False(tree.Files.ContainsKey("proc"), "runc's mount points must not reach a layer");
        Assert.False(tree.Files.ContainsKey("etc/hosts"), "the build's /etc/hosts stub must not reach a layer");
        Assert.Equal(5, tree.Layers.Count); // busybox, its links, WORKDIR /app, COPY, RUN
        Assert.Contains("GREETING=hello", tree.Config.Config.Env!);
        Assert.Equal("/app", tree.Config.Config.WorkingDir);
        Assert.Equal("1000:1000", tree.Config.Config.User);
        Assert.Equal(["cat", "/app/out.txt"], tree.Config.Config.Cmd);
        Assert.Contains("8080/tcp", tree.Config.Config.ExposedPorts!.Keys);
        Assert.Equal("ship", tree.Config.Config.Labels!["org.example.team"]);
        Assert.Contains(log.Lines, l => l.Contains("RUN echo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_run_names_the_file_line_instruction_and_exit_code()
    {
        var context = _workspace.Context("fails", BuildWorkspace.BusyboxStage + "\nRUN echo about to fail && exit 3\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:4: RUN: the command /bin/sh -c echo about to fail && exit 3 exited with code 3", failure.Message);
    }

    [Fact]
    public async Task A_dockerfile_error_is_one_line_and_no_step_runs()
    {
        var context = _workspace.Context("bad", "FROM scratch\nCOPY --nope=1 a b\n");

        var failure = await Assert.ThrowsAsync<DockerfileException>(() => _workspace.BuildAsync(context));

        Assert.StartsWith("Dockerfile:2: COPY:", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task A_missing_copy_source_fails_the_step()
    {
        var context = _workspace.Context("missing", "FROM scratch\nCOPY nothing-here /x\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:2: COPY: file not found in build context or excluded by .dockerignore: nothing-here", failure.Message);
    }

    [Fact]
    public async Task The_same_build_twice_in_different_directories_gives_one_digest()
    {
        const string dockerfile = BuildWorkspace.BusyboxStage + "\nCOPY . /src\nRUN cat /src/a.txt > /b.txt && sleep 1\n";
        var files = new Dictionary<string, string> { ["a.txt"] = "same" };
        var first = _workspace.Context("one", dockerfile, files);
        var (firstResult, _) = await _workspace.BuildAsync(first);
        var second = _workspace.Context("two", dockerfile, files);
        File.SetLastWriteTimeUtc(Path.Combine(second, "a.txt"), DateTime.UtcNow.AddDays(-3));

        var (secondResult, _) = await _workspace.BuildAsync(second);

        Assert.Equal(firstResult.ManifestDigest, secondResult.ManifestDigest);
    }

    [Fact]
    public async Task The_walking_fallback_builds_the_same_image_as_overlayfs()
    {
        const string dockerfile = BuildWorkspace.BusyboxStage + "\nRUN mkdir -p /a/b && echo x > /a/b/c && ln /a/b/c /a/hard && rm /bin/ls\nRUN rm -rf /a/b && mkfifo /a/fifo\n";
        var context = _workspace.Context("overlay", dockerfile);
        var (overlay, _) = await _workspace.BuildAsync(context);
        using var walking = new BuildWorkspace(useOverlay: false);
        var walkingContext = walking.Context("walk", dockerfile);

        var (walked, _) = await walking.BuildAsync(walkingContext);

        var overlayTree = await ImageTree.ReadAsync(overlay.Image);
        var walkedTree = await ImageTree.ReadAsync(walked.Image);
        Assert.Equal(overlayTree.Files.Keys, walkedTree.Files.Keys);
        Assert.Equal(overlayTree.Files.Select(f => $"{f.Key} {f.Value}"), walkedTree.Files.Select(f => $"{f.Key} {f.Value}"));
        Assert.False(walkedTree.Files.ContainsKey("bin/ls"));
        Assert.False(walkedTree.Files.ContainsKey("a/b"));
        // The layers themselves may differ: the walk also sees a file whose link count (so ctime) changed.
    }
}
