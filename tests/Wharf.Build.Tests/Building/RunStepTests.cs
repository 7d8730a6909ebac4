namespace Wharf.Build.Tests.Building;

/// <summary>What a RUN step sees and keeps: build args and ENV, USER, heredocs, cache and secret mounts (which never
/// reach a layer or the history), no network but loopback, and no stubs of the build in the layer.</summary>
public sealed class RunStepTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Build_args_env_and_user_reach_the_command()
    {
        var context = _workspace.Context("env", BuildWorkspace.BusyboxStage + """

            ARG VERSION=1
            ENV MODE=prod
            RUN echo "users:x:1000:1000::/home/u:/bin/sh" > /etc/passwd.extra && mkdir /out && chmod 777 /out
            RUN echo "root:x:0:0::/root:/bin/sh" > /etc/passwd && cat /etc/passwd.extra >> /etc/passwd && echo "u:x:1000:" > /etc/group
            USER users
            RUN echo "v=$VERSION mode=$MODE uid=$(id -u) gid=$(id -g) home=$HOME" > /out/seen
            """);

        var (result, log) = await _workspace.BuildAsync(context, r => r with { BuildArgs = new Dictionary<string, string> { ["VERSION"] = "2" } });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(1000, tree.Files["out/seen"].Uid);
        Assert.DoesNotContain(log.Lines, l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
        var seen = await ReadFileAsync(result, "out/seen");
        Assert.Equal("v=2 mode=prod uid=1000 gid=1000 home=/home/u\n", seen);
    }

    [Fact]
    public async Task A_heredoc_run_executes_its_body()
    {
        var context = _workspace.Context("heredoc", BuildWorkspace.BusyboxStage + """

            RUN <<EOF
            echo first > /one
            echo second > /two
            EOF
            RUN cat <<EOT > /three
            third
            EOT
            """);

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal("first\n", await ReadFileAsync(result, "one"));
        Assert.Equal("second\n", await ReadFileAsync(result, "two"));
        Assert.Equal("third\n", await ReadFileAsync(result, "three"));
    }

    [Fact]
    public async Task Cache_mounts_persist_between_builds_and_never_enter_a_layer()
    {
        var context = _workspace.Context("cache", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=cache,target=/var/cache/app echo x >> /var/cache/app/runs && wc -l < /var/cache/app/runs > /runs-seen
            """);
        var (first, _) = await _workspace.BuildAsync(context);

        var (second, _) = await _workspace.BuildAsync(context, r => r with { NoCache = true });

        Assert.Equal("1\n", await ReadFileAsync(first, "runs-seen"));
        Assert.Equal("2\n", await ReadFileAsync(second, "runs-seen"));
        var tree = await ImageTree.ReadAsync(second.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("var", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_are_readable_during_the_step_and_appear_in_no_layer_or_history()
    {
        var secret = Path.Combine(_workspace.Root, "token.txt");
        await File.WriteAllTextAsync(secret, "s3cr3t-value", TestContext.Current.CancellationToken);
        var context = _workspace.Context("secret", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /secret-length
            """);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Secrets = new Dictionary<string, string> { ["token"] = secret } });

        Assert.Equal("12\n", await ReadFileAsync(result, "secret-length"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.DoesNotContain(tree.Files.Keys, k => k.StartsWith("run", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Config.History!, h => h.CreatedBy?.Contains("s3cr3t", StringComparison.Ordinal) == true);
        await using var layers = new MemoryStream();
        foreach (var layer in tree.Layers)
        {
            await using var blob = await result.Image.OpenBlobAsync(layer, 0, TestContext.Current.CancellationToken);
            await using var tar = new System.IO.Compression.GZipStream(blob, System.IO.Compression.CompressionMode.Decompress);
            await tar.CopyToAsync(layers, TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain("s3cr3t-value", System.Text.Encoding.Latin1.GetString(layers.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_has_loopback_but_no_other_network()
    {
        var context = _workspace.Context("network", BuildWorkspace.BusyboxStage + """

            RUN ip addr > /addresses 2>&1 || ifconfig -a > /addresses; (httpd -p 127.0.0.1:8080 -h / && wget -q -O /dev/null http://127.0.0.1:8080/bin/busybox && echo loopback-ok > /loopback) ; ip route > /routes 2>&1 ; true
            """);

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal("loopback-ok\n", await ReadFileAsync(result, "loopback"));
        Assert.DoesNotContain("eth", await ReadFileAsync(result, "addresses"), StringComparison.Ordinal);
        Assert.Equal("", (await ReadFileAsync(result, "routes")).Trim());
    }

    [Fact]
    public async Task A_step_that_runs_too_long_is_killed_and_fails_the_build()
    {
        using var workspace = new BuildWorkspace(runTimeout: TimeSpan.FromSeconds(2));
        var context = workspace.Context("slow", BuildWorkspace.BusyboxStage + "\nRUN sleep 60\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:4: RUN: the step ran longer than 00:00:02 and was killed", failure.Message);
        Assert.Empty(await RuncContainersAsync(workspace));
    }

    [Fact]
    public async Task A_request_may_lower_the_builders_memory_limit_and_never_raise_it()
    {
        // tail -c keeps the last N bytes in memory: 96 MiB of them.
        const string Hungry = BuildWorkspace.BusyboxStage + "\nRUN head -c 100663296 /dev/zero | tail -c 100663296 > /dev/null\n";
        using var unlimited = new BuildWorkspace();
        using var limited = new BuildWorkspace(adjust: o => o with { MemoryLimitBytes = 32L << 20 });

        var lowered = await Assert.ThrowsAsync<BuildFailedException>(
            () => unlimited.BuildAsync(unlimited.Context("lowered", Hungry), r => r with { MemoryLimitBytes = 32L << 20 }));
        var raised = await Assert.ThrowsAsync<BuildFailedException>(
            () => limited.BuildAsync(limited.Context("raised", Hungry), r => r with { MemoryLimitBytes = 1L << 30 }));
        await unlimited.BuildAsync(unlimited.Context("free", Hungry));

        Assert.StartsWith("Dockerfile:4: RUN: the command /bin/sh -c head -c 100663296", lowered.Message, StringComparison.Ordinal);
        Assert.StartsWith("Dockerfile:4: RUN: the command /bin/sh -c head -c 100663296", raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_beyond_its_memory_limit_is_killed_and_fails_the_build()
    {
        using var workspace = new BuildWorkspace(adjust: o => o with { MemoryLimitBytes = 32L << 20 });
        // tail -c keeps the last N bytes in memory: 96 MiB of them.
        var context = workspace.Context("hungry", BuildWorkspace.BusyboxStage + "\nRUN head -c 100663296 /dev/zero | tail -c 100663296 > /dev/null\n");
        var modest = workspace.Context("modest", BuildWorkspace.BusyboxStage + "\nRUN head -c 8388608 /dev/zero | tail -c 8388608 > /dev/null\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => workspace.BuildAsync(context));
        await workspace.BuildAsync(modest);

        Assert.StartsWith("Dockerfile:4: RUN: the command /bin/sh -c head -c 100663296 /dev/zero | tail -c 100663296 > /dev/null exited with code ", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await RuncContainersAsync(workspace));
    }

    [Fact]
    public async Task A_step_cannot_start_more_processes_than_its_limit()
    {
        using var workspace = new BuildWorkspace(adjust: o => o with { ProcessLimit = 16 });
        var context = workspace.Context("forks", BuildWorkspace.BusyboxStage + "\nRUN for i in $(seq 1 40); do sleep 3 & done; wait\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => workspace.BuildAsync(context));

        Assert.StartsWith("Dockerfile:4: RUN: the command", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await RuncContainersAsync(workspace));
    }

    [Fact]
    public async Task A_cancelled_build_leaves_no_process_behind()
    {
        var context = _workspace.Context("cancel", BuildWorkspace.BusyboxStage + "\nRUN sleep 600 & sleep 600\n");
        using var cancel = new CancellationTokenSource();
        var log = new CollectingLog();
        var build = _workspace.Builder.BuildAsync(new BuildRequest { ContextDirectory = context }, log, cancel.Token);
        while (!log.Lines.Any(l => l.Contains("RUN sleep", StringComparison.Ordinal)))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(1000, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.Empty(await RuncContainersAsync(_workspace));
        Assert.DoesNotContain("sleep 600", await ExternalTool.RunAsync("ps", "-eo", "args"), StringComparison.Ordinal);
    }

    private static async Task<string> RuncContainersAsync(BuildWorkspace workspace)
    {
        var root = Path.Combine(workspace.StateDirectory, "runc");
        return Directory.Exists(root) ? (await ExternalTool.RunAsync("runc", "--root", root, "list", "-q")).Trim() : "";
    }

    internal static async Task<string> ReadFileAsync(BuildResult result, string path)
    {
        var manifest = (await result.Image.GetManifestAsync(CancellationToken.None)).Parse();
        string? content = null;
        foreach (var layer in manifest.Layers)
        {
            await using var blob = await result.Image.OpenBlobAsync(layer, 0, CancellationToken.None);
            await using var tar = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(blob, System.IO.Compression.CompressionMode.Decompress));
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                if (entry.Name.TrimEnd('/') == path)
                {
                    content = entry.DataStream is { } data ? await new StreamReader(data).ReadToEndAsync() : "";
                }
            }
        }

        return content ?? throw new FileNotFoundException($"{path} is in no layer of the image");
    }
}
