using System.Text;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build;

/// <summary><c>wharf build --server</c> against a server whose workers run the real runc builder: the context is
/// uploaded, the log followed, the image pushed by the server — with the same digest a local <c>wharf build</c> of the
/// same context gives — and a failing step comes back as the build's one-line error.</summary>
public sealed class ServerBuildsWithRuncTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-build-").FullName;
    private BuildsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server!;

    private string Host => Server.Api.Server.BaseAddress.Authority;

    public async ValueTask InitializeAsync() => _server = await BuildsServer.StartAsync(runcBuilder: true);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_server_builds_and_pushes_the_same_image_a_local_build_makes()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY message.txt /message.txt
            RUN echo "built on the server: $(cat /message.txt)" > /built.txt
            CMD ["cat", "/built.txt"]
            """, new Dictionary<string, string> { ["message.txt"] = "hello" });
        var environment = DockerConfigFor(alice);

        var remote = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", "-t", $"{Host}/{alice.Name}/app:latest", context], environment, ct: Ct);
        var local = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, "local-state"), context], ct: Ct);

        Assert.True(remote.ExitCode == 0, remote.Describe());
        Assert.True(local.ExitCode == 0, local.Describe());
        Assert.Equal(local.StandardOutput.Trim(), remote.StandardOutput.Trim());
        Assert.Contains("RUN echo \"built on the server: $(cat /message.txt)\" > /built.txt", remote.StandardError, StringComparison.Ordinal);
        var files = await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/app", "latest");
        Assert.Equal("built on the server: hello\n", files["built.txt"]);
    }

    [Fact]
    public async Task Another_teams_identical_step_is_run_again_not_given_the_first_teams_result()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var bob = await Server.Api.NewUserAsync("bob");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "keys"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN head -c 16 /dev/urandom | od -An -tx1 > /private-key
            """);

        async Task<string> BuildAsync(string user, string repository)
        {
            var result = await WharfCli.RunAsync(
                ["build", "--server", Host, "-t", $"{Host}/{repository}:1", context], DockerConfigFor(user == alice.Name ? alice : bob), ct: Ct);
            Assert.True(result.ExitCode == 0, result.Describe());
            return (await PushedImage.FilesAsync(Server.Api.Server.Services, repository, "1"))["private-key"];
        }

        var alicesKey = await BuildAsync(alice.Name, $"{alice.Name}/app");
        var bobsKey = await BuildAsync(bob.Name, $"{bob.Name}/app");
        var alicesAgain = await BuildAsync(alice.Name, $"{alice.Name}/app");

        Assert.NotEqual(alicesKey, bobsKey);
        Assert.Equal(alicesKey, alicesAgain); // the same repository's rebuild is cached
    }

    [Fact]
    public async Task A_failing_step_on_the_server_is_the_commands_one_line_error()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "failing"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "exit 7"]
            """);

        var result = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", context], DockerConfigFor(alice), ct: Ct);

        Assert.Equal(1, result.ExitCode);
        var error = result.StandardError.Trim().Split('\n')[^1];
        Assert.Matches("^wharf build: build [0-9]+ failed: Dockerfile:3: RUN: the command /bin/busybox sh -c exit 7 exited with code 7$", error);
    }

    [Fact]
    public async Task A_failing_test_step_fails_the_build_and_pushes_nothing_on_the_server_and_here()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "tested"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN echo "built for the test" > /built.txt
            """);

        var failed = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", "--test", "cat /built.txt && exit 4", context], DockerConfigFor(alice), ct: Ct);
        var passed = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:2", "--test", "grep -q 'built for the test' /built.txt", context], DockerConfigFor(alice), ct: Ct);
        var local = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, "local-state"), "--test", "exit 5", context], ct: Ct);

        Assert.Equal(1, failed.ExitCode);
        Assert.Matches("^wharf build: build [0-9]+ failed: the test command cat /built.txt && exit 4 exited with code 4$", failed.StandardError.Trim().Split('\n')[^1]);
        Assert.Contains("[test] cat /built.txt && exit 4\nbuilt for the test\n", failed.StandardError, StringComparison.Ordinal); // its output is in the log
        Assert.Null(await PushedImage.TagAsync(Server.Api.Server.Services, $"{alice.Name}/app", "1"));
        Assert.True(passed.ExitCode == 0, passed.Describe());
        Assert.Equal(passed.StandardOutput.Trim(), (await PushedImage.TagAsync(Server.Api.Server.Services, $"{alice.Name}/app", "2"))?.ToString());
        Assert.Equal(1, local.ExitCode);
        Assert.Equal("wharf build: the test command exit 5 exited with code 5", local.StandardError.Trim().Split('\n')[^1]);
        Assert.Equal("", local.StandardOutput); // no digest: the build did not produce an image
    }

    [Fact]
    public async Task A_build_starts_from_a_private_image_its_submitter_may_pull_and_from_no_other()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var bob = await Server.Api.NewUserAsync("bob");
        var baseContext = BusyboxImage.CreateContext(Path.Combine(_directory, "base"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN echo "a private base" > /base.txt
            """);
        var pushed = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/base:1", baseContext], DockerConfigFor(alice), ct: Ct);
        Assert.True(pushed.ExitCode == 0, pushed.Describe());
        var child = $"FROM {Host}/{alice.Name}/base:1\nRUN cat /base.txt > /child.txt\n";

        var built = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{alice.Name}/child:1", BusyboxImage.CreateContext(Path.Combine(_directory, "child"), child)],
            DockerConfigFor(alice), ct: Ct);
        var refused = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{bob.Name}/app:1", BusyboxImage.CreateContext(Path.Combine(_directory, "bobs"), child)],
            DockerConfigFor(bob), ct: Ct);
        var absent = await WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{bob.Name}/app:1", BusyboxImage.CreateContext(Path.Combine(_directory, "absent"), $"FROM {Host}/{bob.Name}/nothing:1\n")],
            DockerConfigFor(bob), ct: Ct);

        Assert.True(built.ExitCode == 0, built.Describe());
        var files = await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/child", "1");
        Assert.Equal("a private base\n", files["child.txt"]);
        // The same words for an image bob may not pull and one that does not exist: a build cannot probe.
        Assert.Equal(1, refused.ExitCode);
        Assert.EndsWith($"{Host}/{alice.Name}/base:1 is not in this registry, or {bob.Name} may not pull it", refused.StandardError.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, absent.ExitCode);
        Assert.EndsWith($"{Host}/{bob.Name}/nothing:1 is not in this registry, or {bob.Name} may not pull it", absent.StandardError.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_epoch_and_compression_make_the_same_image_here_and_on_the_server()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "options"), StampingDockerfile, new Dictionary<string, string> { ["message.txt"] = "hello" });
        string[] options = ["--source-date-epoch", "1700000000", "--compression", "zstd"];

        var remote = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", .. options, context], DockerConfigFor(alice), ct: Ct);
        var local = await LocalBuildAsync(context, options);
        var atZero = await LocalBuildAsync(context, ["--compression", "zstd"]);

        Assert.True(remote.ExitCode == 0, remote.Describe());
        Assert.Equal(local, remote.StandardOutput.Trim());
        Assert.NotEqual(atZero, local); // the epoch made a difference the server kept
        var manifest = await PushedImage.ManifestAsync(Server.Api.Server.Services, $"{alice.Name}/app", "1");
        Assert.All(manifest["layers"]!.AsArray(), l => Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", l!["mediaType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_git_checkout_is_built_at_its_commit_time_here_and_on_the_server()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "checkout"), StampingDockerfile, new Dictionary<string, string> { ["message.txt"] = "hello" });
        await GitAsync(context, "init", "-q");
        await GitAsync(context, "add", ".");
        await GitAsync(context, "-c", "user.name=t", "-c", "user.email=t@example.net", "commit", "-q", "-m", "x", "--date", "@1600000000");

        var remote = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", context], DockerConfigFor(alice), ct: Ct);
        var local = await LocalBuildAsync(context, []);
        var atZero = await LocalBuildAsync(context, ["--source-date-epoch", "0"]);

        Assert.True(remote.ExitCode == 0, remote.Describe());
        Assert.Equal(local, remote.StandardOutput.Trim());
        Assert.NotEqual(atZero, local);
    }

    [Fact]
    public async Task The_server_never_runs_git_in_an_uploaded_context()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var marker = Path.Combine(_directory, "git-ran-the-uploads-program");
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "hostile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
        await HostileGitWorkTree.CreateAsync(context, marker, Ct);
        var tarball = Path.Combine(_directory, "hostile.tar.gz");
        // tar(1), as docs/api.md's example sends a context: .NET's TarFile leaves out dot files, .git with them.
        (await ExternalTool.RunAsync("tar", ["-czf", tarball, "-C", context, "."], ct: Ct)).EnsureSuccess();

        // Posted as an API client would, without the CLI: no epoch, so the server alone decides what to run.
        var id = await Server.SubmitAsync(alice, await File.ReadAllBytesAsync(tarball, Ct), $"repository={alice.Name}/app");
        var build = await Server.WaitAsync(alice, id);

        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        Assert.False(File.Exists(marker), "the server ran git in the uploaded context, and git ran the upload's program");
        // The trap is real: git run in that context does run the upload's program.
        await ExternalTool.RunAsync("git", ["-C", context, "log", "-1", "--format=%ct"], ct: Ct);
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task A_builds_memory_limit_applies_to_its_steps_on_the_server()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        // tail -c keeps the last N bytes in memory: 96 MiB of them.
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "hungry"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN head -c 100663296 /dev/zero | tail -c 100663296 > /dev/null
            """);

        var limited = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:1", "--memory", "32m", context], DockerConfigFor(alice), ct: Ct);
        var unlimited = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{alice.Name}/app:2", context], DockerConfigFor(alice), ct: Ct);

        Assert.Equal(1, limited.ExitCode);
        Assert.Matches(
            "^wharf build: build [0-9]+ failed: Dockerfile:4: RUN: the command /bin/sh -c head -c 100663296 /dev/zero \\| tail -c 100663296 > /dev/null exited with code [0-9]+$",
            limited.StandardError.Trim().Split('\n')[^1]);
        Assert.True(unlimited.ExitCode == 0, unlimited.Describe());
    }

    /// <summary>Copies a file in, and stamps it with a RUN: both layers' times are the epoch's.</summary>
    private const string StampingDockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        COPY message.txt /message.txt
        RUN cat /message.txt > /stamped.txt
        """;

    /// <summary>A local <c>wharf build</c> into an OCI layout; its digest.</summary>
    private async Task<string> LocalBuildAsync(string context, string[] options)
    {
        var layout = Path.Combine(_directory, $"layout-{Guid.NewGuid():N}");
        var local = await WharfCli.RunAsync(
            ["build", "--state", Path.Combine(_directory, "local-state"), "--output", $"oci:{layout}", .. options, context],
            new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "" }, ct: Ct);
        Assert.True(local.ExitCode == 0, local.Describe());
        return local.StandardOutput.Trim();
    }

    private static async Task GitAsync(string directory, params string[] arguments) =>
        (await ExternalTool.RunAsync("git", ["-C", directory, .. arguments],
            new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = "@1600000000" }, ct: Ct)).EnsureSuccess();

    /// <summary>A docker config with the user's login for this server, as <c>wharf login</c> or <c>docker login</c> writes it.</summary>
    private Dictionary<string, string> DockerConfigFor(ApiLogin who)
    {
        var config = Directory.CreateDirectory(Path.Combine(_directory, $"docker-config-{who.Name}")).FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{who.Name}:{who.Secret}"));
        File.WriteAllText(Path.Combine(config, "config.json"), System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Host] = new { auth } } }));
        return new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
    }
}
