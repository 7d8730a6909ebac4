using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Builds;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build;

/// <summary><c>wharf build --server --cache-to/--cache-from</c> with the server's real runc builder (decision 019): a
/// server build writes its cache into this registry as its submitter, and a build on a server whose state was pruned
/// takes every step from it (so does a local build with the submitter's login: one format, one key); a cache of another
/// registry is read anonymously; an entry a cache lends serves only the build that named it, never another team's
/// build from the server's shared state; a cache the submitter may not pull is a warning worded as a missing one; a push
/// right revoked while the build runs stops its export. Each RUN prints a marker line (ran-…) when it really runs.</summary>
public sealed class ServerBuildCacheTests : IAsyncLifetime
{
    private const string Dockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "sh", "-c", "echo ran-install && /bin/busybox --install -s /bin"]
        COPY first.txt /first.txt
        RUN echo ran-first && cat /first.txt > /copy-of-first
        WORKDIR /srv
        COPY last.txt /last.txt
        RUN echo ran-last && cat /last.txt > /copy-of-last
        """;

    private static readonly string[] AllMarkers = ["ran-install", "ran-first", "ran-last"];

    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-cache-").FullName;
    private BuildsServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server!;

    private string Host => Server.Api.Server.BaseAddress.Authority;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("runc");
        _server = await BuildsServer.StartAsync(runcBuilder: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_server_builds_cache_in_this_registry_gives_every_step_to_a_build_on_an_empty_state_and_to_a_local_one()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var context = Context("app");
        var cache = $"{Host}/{alice.Name}/app:buildcache";

        var first = await ServerBuildOkAsync(alice, $"{alice.Name}/app:1", context, "--cache-to", $"type=registry,ref={cache}");
        Assert.Equal(AllMarkers, Markers(first));
        Assert.Contains($"cache: exported 7 entries and 7 layers to ", first.StandardError, StringComparison.Ordinal);

        await PruneServerStateAsync();
        var second = await ServerBuildOkAsync(alice, $"{alice.Name}/app:2", context, "--cache-from", cache);
        var local = await WharfCli.RunAsync(
            ["build", "--state", Path.Combine(_directory, "local-state"), "--cache-from", cache, context], DockerConfigFor(alice), ct: Ct);

        Assert.Empty(Markers(second));
        Assert.Equal(7, CountLines(second, " ---> cached (imported)"));
        Assert.Equal(Digest(first), Digest(second));
        Assert.True(local.ExitCode == 0, local.Describe());
        Assert.Empty(Markers(local));
        Assert.Equal(Digest(first), Digest(local));
    }

    [Fact]
    public async Task An_imported_entry_serves_its_build_only_and_a_cache_the_submitter_may_not_pull_is_a_warning_like_a_missing_one()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var bob = await Server.Api.NewUserAsync("bob");
        var context = Context("shared");
        var cache = $"{Host}/{alice.Name}/app:buildcache";
        await ServerBuildOkAsync(alice, $"{alice.Name}/app:1", context, "--cache-to", cache);
        await PruneServerStateAsync();
        var imported = await ServerBuildOkAsync(alice, $"{alice.Name}/app:2", context, "--cache-from", cache);
        Assert.Empty(Markers(imported));

        // Whoever may push to a cache chooses what its entries say a step makes: alice's import lent her build its
        // layers, and nothing to the server's state that bob's identical build reads.
        var bobs = await ServerBuildOkAsync(bob, $"{bob.Name}/app:1", context);
        var refused = await ServerBuildOkAsync(bob, $"{bob.Name}/app:2", context, "--cache-from", cache, "--cache-from", $"{Host}/{bob.Name}/nothing:cache");

        Assert.Equal(AllMarkers, Markers(bobs));
        var warnings = refused.StandardError.Split('\n').Where(l => l.StartsWith("warning: --cache-from", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                $"warning: --cache-from docker://{cache}: {Host}/{alice.Name}/app:buildcache is not in this registry, or {bob.Name} may not pull it; building without it",
                $"warning: --cache-from docker://{Host}/{bob.Name}/nothing:cache: {Host}/{bob.Name}/nothing:cache is not in this registry, or {bob.Name} may not pull it; building without it",
            ],
            warnings);
    }

    [Fact]
    public async Task A_cache_of_another_registry_is_read_anonymously()
    {
        await using var other = await WharfServer.StartAsync();
        var alice = await Server.Api.NewUserAsync("alice");
        var context = Context("elsewhere");
        var cache = $"{other.HostPort}/team/app:cache";
        var exported = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, "exporter-state"), "--cache-to", cache, context], ct: Ct);
        Assert.True(exported.ExitCode == 0, exported.Describe());

        var fromCache = await ServerBuildOkAsync(alice, $"{alice.Name}/app:1", context, "--cache-from", cache);

        Assert.Empty(Markers(fromCache));
        Assert.Equal(Digest(exported), Digest(fromCache));
    }

    [Fact]
    public async Task A_push_right_revoked_while_the_build_runs_stops_its_cache_export()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var bob = await Server.Api.NewUserAsync("bob");
        await Server.Api.Store.GrantAsync($"{alice.Name}/cache", Grantee.Account(bob.Name), RepositoryAccess.Write, Ct);
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "slow"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sleep", "4"]
            """);

        var id = await Server.SubmitAsync(bob, await TarGzAsync(context), $"repository={bob.Name}/app&cacheTo={Host}/{alice.Name}/cache:1");
        await WaitForRunningAsync(bob, id);
        Assert.True(await Server.Api.Store.RevokeAsync($"{alice.Name}/cache", Grantee.Account(bob.Name), Ct));
        var build = await Server.WaitAsync(bob, id);

        Assert.Equal("failed", build["state"]!.GetValue<string>());
        Assert.Equal($"--cache-to docker://{Host}/{alice.Name}/cache:1: {bob.Name} may no longer push to {Host}/{alice.Name}/cache", build["error"]!.GetValue<string>());
        Assert.Null(await PushedImage.TagAsync(Server.Api.Server.Services, $"{alice.Name}/cache", "1"));
    }

    private string Context(string name) => BusyboxImage.CreateContext(Path.Combine(_directory, name), Dockerfile,
        new Dictionary<string, string> { ["first.txt"] = "one", ["last.txt"] = "two" });

    private async Task<ToolResult> ServerBuildOkAsync(ApiLogin who, string target, string context, params string[] arguments)
    {
        var result = await WharfCli.RunAsync(["build", "--server", Host, "-t", $"{Host}/{target}", .. arguments, context], DockerConfigFor(who), ct: Ct);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    /// <summary>Empties the server's builder state, as a new worker machine has it: the build cache and base images go.</summary>
    private async Task PruneServerStateAsync()
    {
        var state = Server.Api.Server.Services.GetRequiredService<BuildWorkerSettings>().StateDirectory;
        var pruned = await WharfCli.RunAsync(["builder", "prune", "--all", "--force", "--state", state], ct: Ct);
        Assert.True(pruned.ExitCode == 0, pruned.Describe());
    }

    private async Task WaitForRunningAsync(ApiLogin who, long id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await Server.GetAsync(who, id))["state"]!.GetValue<string>() == "queued")
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<byte[]> TarGzAsync(string directory)
    {
        using var bytes = new MemoryStream();
        await using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        {
            await TarFile.CreateFromDirectoryAsync(directory, gzip, includeBaseDirectory: false, Ct);
        }

        return bytes.ToArray();
    }

    /// <summary>The markers RUN steps printed, in order (a step's heading line also names its marker, but starts with '[').</summary>
    private static List<string> Markers(ToolResult result) =>
        [.. result.StandardError.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ran-", StringComparison.Ordinal))];

    private static int CountLines(ToolResult result, string line) => result.StandardError.Split('\n').Count(l => l == line);

    private static string Digest(ToolResult result) => result.StandardOutput.Trim();

    /// <summary>A docker config with the user's login for this server, as <c>wharf login</c> writes it.</summary>
    private Dictionary<string, string> DockerConfigFor(ApiLogin who)
    {
        var config = Directory.CreateDirectory(Path.Combine(_directory, $"docker-config-{who.Name}")).FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{who.Name}:{who.Secret}"));
        File.WriteAllText(Path.Combine(config, "config.json"), System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Host] = new { auth } } }));
        return new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
    }
}
