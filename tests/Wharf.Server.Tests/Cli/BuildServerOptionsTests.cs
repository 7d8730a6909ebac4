using System.Text;
using System.Text.Json;
using Wharf.Build;
using Wharf.Build.Cache;
using Wharf.Build.Layers;
using Wharf.Oci.Images;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf build --server</c> carries every option of a local build that shapes the image, its limits or its
/// cache to the server (whose stand-in builder records what it was asked): the epoch resolved on the submitter's machine
/// exactly as a local build resolves it (<c>--source-date-epoch</c>, then <c>$SOURCE_DATE_EPOCH</c>, then the context's
/// git commit time, then 0), <c>--no-reproducible</c>, <c>--compression</c>, <c>--platform</c>, <c>--memory</c> and the
/// cache flags; what the server refuses is the command's one-line error.</summary>
public sealed class BuildServerOptionsTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-server-options-").FullName;

    private BuildsServer Builds => fixture.Server;

    private string Host => Builds.Api.Server.BaseAddress.Authority;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Every_option_reaches_the_servers_builder()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var context = Context("all");

        var result = await BuildAsync(alice, "all", context, [
            "--source-date-epoch", "1234", "--compression", "zstd", "--platform", "linux/arm64", "--memory", "64m",
            "--cache-from", $"{Host}/{alice.Name}/app:cache", "--cache-from", "type=registry,ref=registry.example/team/app:cache",
            "--cache-to", $"type=registry,ref={Host}/{alice.Name}/app:cache,mode=max,ignore-error=true",
        ]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var request = RequestOf("all");
        Assert.Equal(1234, request.SourceDateEpoch);
        Assert.True(request.Reproducible);
        Assert.Equal(LayerCompression.Zstd, request.Compression);
        Assert.Equal("linux/arm64", request.Platform?.ToString());
        Assert.Equal(64L << 20, request.MemoryLimitBytes);
        Assert.Equal([ImageReference.Parse($"{Host}/{alice.Name}/app:cache"), ImageReference.Parse("registry.example/team/app:cache")], request.CacheFrom);
        Assert.Equal([new CacheExport(ImageReference.Parse($"{Host}/{alice.Name}/app:cache"), CacheMode.Max, IgnoreError: true)], request.CacheTo);
    }

    [Fact]
    public async Task The_epoch_is_resolved_here_as_a_local_build_resolves_it()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var plain = Context("plain");
        var checkout = Context("checkout");
        var committed = new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = "@1600000000" };
        await GitAsync(checkout, ["init", "-q"]);
        await GitAsync(checkout, ["add", "."]);
        await GitAsync(checkout, ["-c", "user.name=t", "-c", "user.email=t@example.net", "commit", "-q", "-m", "x", "--date", "@1600000000"], committed);

        var none = await BuildAsync(alice, "none", plain);
        var git = await BuildAsync(alice, "git", checkout);
        var environment = await BuildAsync(alice, "environment", checkout, epochVariable: "777");
        var flag = await BuildAsync(alice, "flag", checkout, ["--source-date-epoch", "5"], epochVariable: "777");
        var real = await BuildAsync(alice, "real", checkout, ["--no-reproducible"]);

        Assert.All([none, git, environment, flag, real], r => Assert.True(r.ExitCode == 0, r.Describe()));
        Assert.Equal(0, RequestOf("none").SourceDateEpoch);
        Assert.Equal(1600000000, RequestOf("git").SourceDateEpoch);
        Assert.Equal(777, RequestOf("environment").SourceDateEpoch);
        Assert.Equal(5, RequestOf("flag").SourceDateEpoch);
        Assert.False(RequestOf("real").Reproducible);
    }

    [Fact]
    public async Task What_the_server_refuses_is_one_line()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var bob = await Builds.Api.NewUserAsync("bob");
        var context = Context("refused");
        await using var limited = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:StepMemoryLimit"] = "134217728" });
        var carol = await limited.Api.NewUserAsync("carol");
        var limitedHost = limited.Api.Server.BaseAddress.Authority;

        var elsewhere = await BuildAsync(alice, "elsewhere", context, ["--cache-to", "registry.example/team/app:cache"]);
        var notHers = await BuildAsync(bob, "not-hers", context, ["--cache-to", $"{Host}/{alice.Name}/app:cache"]);
        var tooMuch = await WharfCli.RunAsync(
            ["build", "--server", limitedHost, "-t", $"{limitedHost}/{carol.Name}/app:1", "--memory", "1g", context], DockerConfig(carol, limitedHost), ct: Ct);

        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Equal(
            $"wharf build: cacheTo registry.example/team/app:cache: a build on the server exports its cache only to this registry ({Host}); it holds no credentials for registry.example",
            elsewhere.StandardError.Trim());
        Assert.Equal(1, notHers.ExitCode);
        Assert.Equal($"wharf build: denied: exporting the build cache to '{alice.Name}/app' needs the right to push to it", notHers.StandardError.Trim());
        Assert.Equal(1, tooMuch.ExitCode);
        Assert.Equal(
            "wharf build: memoryLimit 1073741824 is above this server's limit of 134217728 bytes per RUN step (Builds:StepMemoryLimit): a build may only lower it",
            tooMuch.StandardError.Trim());
    }

    private string Context(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), "LOG built\nARG ID\n");
        File.WriteAllText(Path.Combine(directory, "data.txt"), name);
        return directory;
    }

    /// <summary>The request the server's builder got for the build whose <c>ID</c> build arg is <paramref name="id"/>.</summary>
    private BuildRequest RequestOf(string id)
    {
        lock (Builds.Builder.Requests)
        {
            return Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == id);
        }
    }

    /// <param name="epochVariable">$SOURCE_DATE_EPOCH for the command (null: none, whatever the test's is).</param>
    private Task<ToolResult> BuildAsync(ApiLogin who, string id, string context, string[]? arguments = null, string? epochVariable = null)
    {
        var variables = DockerConfig(who, Host);
        variables["SOURCE_DATE_EPOCH"] = epochVariable ?? "";
        return WharfCli.RunAsync(
            ["build", "--server", Host, "-t", $"{Host}/{who.Name}/app:{id}", "--build-arg", $"ID={id}", .. arguments ?? [], context], variables, ct: Ct);
    }

    /// <summary>A docker config with the user's login for <paramref name="host"/>, as <c>wharf login</c> writes it.</summary>
    private Dictionary<string, string> DockerConfig(ApiLogin who, string host)
    {
        var config = Directory.CreateDirectory(Path.Combine(_directory, $"docker-config-{who.Name}")).FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{who.Name}:{who.Secret}"));
        File.WriteAllText(Path.Combine(config, "config.json"), JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [host] = new { auth } } }));
        return new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
    }

    private static async Task GitAsync(string directory, string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        (await ExternalTool.RunAsync("git", ["-C", directory, .. arguments], environment, ct: Ct)).EnsureSuccess();
}
