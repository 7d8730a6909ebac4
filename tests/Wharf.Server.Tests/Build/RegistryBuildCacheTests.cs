using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Client;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build;

/// <summary><c>wharf build --cache-to/--cache-from</c> with a real Wharf registry on loopback and real runc: a CI
/// runner with an empty state directory (and the context checked out somewhere else) takes every step from the
/// registry cache and makes the same image; a change to the last file reruns only the last step; mode=min leaves a
/// builder stage out where mode=max keeps it; a cache that is not there, or refused, is a warning; a private cache is
/// reached with docker's credentials. Each RUN prints a marker line (ran-…) when it really runs.</summary>
public sealed class RegistryBuildCacheTests : IAsyncLifetime
{
    private const string SingleStage = """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "sh", "-c", "echo ran-install && /bin/busybox --install -s /bin"]
        COPY first.txt /first.txt
        RUN echo ran-first && cat /first.txt > /copy-of-first
        WORKDIR /srv
        COPY last.txt /last.txt
        RUN echo ran-last && cat /last.txt > /copy-of-last
        """;

    private const string MultiStage = """
        FROM scratch AS base
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "sh", "-c", "echo ran-base && /bin/busybox --install -s /bin"]

        FROM base AS builder
        RUN echo ran-builder && echo built > /artifact

        FROM base
        COPY --from=builder /artifact /artifact
        RUN echo ran-final && cat /artifact > /final
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-regcache-").FullName;
    private WharfServer? _wharf;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Registry => _wharf!.HostPort;

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("runc");
        _wharf = await WharfServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task An_empty_state_directory_takes_every_step_from_the_registry_and_makes_the_same_image()
    {
        var context = Context("app", SingleStage);
        var pushed = await BuildOkAsync("state-a", ["-t", $"{Registry}/team/app:1", context]);
        Assert.Equal(["ran-install", "ran-first", "ran-last"], Markers(pushed));

        // The cache pushed next to the image: its layers are the image's, so only its config is sent.
        var exported = await BuildOkAsync("state-a", ["--cache-to", $"type=registry,ref={Registry}/team/app:buildcache", context]);
        Assert.Contains("cache: exported 7 entries and 7 layers", exported.StandardError, StringComparison.Ordinal);
        Assert.Contains("1 blobs sent", exported.StandardError, StringComparison.Ordinal);
        Assert.Contains("7 already there", exported.StandardError, StringComparison.Ordinal);
        await AssertCacheManifestAsync("team/app", "buildcache", "1");

        // A runner that has nothing: a new state directory and the context at another path.
        var checkout = CopyContext(context, "checkout");
        var fromCache = await BuildOkAsync("state-b", ["--cache-from", $"{Registry}/team/app:buildcache", checkout]);
        Assert.Empty(Markers(fromCache));
        Assert.Equal(7, CountLines(fromCache, " ---> cached (imported)"));
        Assert.Equal(Digest(pushed), Digest(fromCache));

        File.WriteAllText(Path.Combine(checkout, "last.txt"), "changed");
        var changed = await BuildOkAsync("state-c", ["--cache-from", $"type=registry,ref={Registry}/team/app:buildcache", "-t", $"{Registry}/team/app:2", checkout]);
        Assert.Equal(["ran-last"], Markers(changed));
        Assert.Equal(5, CountLines(changed, " ---> cached (imported)"));
        Assert.NotEqual(Digest(pushed), Digest(changed));
        Assert.Equal("changed", (await PushedImage.FilesAsync(_wharf!.Services, "team/app", "2"))["copy-of-last"]);
    }

    [Fact]
    public async Task A_runner_at_a_new_commit_takes_the_unchanged_steps_from_the_registry_re_dated_to_its_epoch()
    {
        var context = Context("epochs", SingleStage);
        await BuildOkAsync("epoch-a", ["--source-date-epoch", "1600000000", "--cache-to", $"type=registry,ref={Registry}/team/epochs:buildcache", context]);

        var fromCache = await BuildOkAsync("epoch-b", ["--source-date-epoch", "1650000000", "--cache-from", $"{Registry}/team/epochs:buildcache", CopyContext(context, "epochs-checkout")]);

        Assert.Empty(Markers(fromCache));
        Assert.Contains("re-encoded (times from epoch 1600000000 to 1650000000)", fromCache.StandardError, StringComparison.Ordinal);
        var cold = await BuildOkAsync("epoch-c", ["--source-date-epoch", "1650000000", CopyContext(context, "epochs-cold")]);
        Assert.Equal(["ran-install", "ran-first", "ran-last"], Markers(cold));
        Assert.Equal(Digest(cold), Digest(fromCache));
    }

    [Fact]
    public async Task Mode_min_leaves_the_builder_stage_out_and_mode_max_keeps_it()
    {
        var context = Context("multi", MultiStage);
        var first = await BuildOkAsync("state-a", [
            "--cache-to", $"type=registry,ref={Registry}/team/multi:min",
            "--cache-to", $"type=registry,ref={Registry}/team/multi:max,mode=max",
            context,
        ]);
        Assert.Equal(["ran-base", "ran-builder", "ran-final"], Markers(first));
        Assert.Contains("exported 4 entries", first.StandardError, StringComparison.Ordinal);
        Assert.Contains("exported 5 entries", first.StandardError, StringComparison.Ordinal);

        var fromMin = await BuildOkAsync("state-min", ["--cache-from", $"{Registry}/team/multi:min", context]);
        var fromMax = await BuildOkAsync("state-max", ["--cache-from", $"{Registry}/team/multi:max", context]);

        Assert.Equal(["ran-builder"], Markers(fromMin));
        Assert.Empty(Markers(fromMax));
        Assert.Equal(Digest(first), Digest(fromMin));
        Assert.Equal(Digest(first), Digest(fromMax));
    }

    [Fact]
    public async Task A_cache_that_is_missing_unreachable_or_not_a_cache_is_a_warning_and_the_build_runs()
    {
        var context = Context("warned", SingleStage);
        var image = await BuildOkAsync("state-a", ["-t", $"{Registry}/team/warned:1", context]);
        var unreachable = $"127.0.0.1:{DistributionRegistry.FreePort()}/team/warned:cache";

        var result = await BuildOkAsync("state-b", [
            "--cache-from", $"{Registry}/team/warned:nothing",
            "--cache-from", unreachable,
            "--cache-from", $"{Registry}/team/warned:1",
            context,
        ]);

        var warnings = result.StandardError.Split('\n').Where(l => l.StartsWith("warning: --cache-from", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains("team/warned:nothing: no such manifest", warnings[0], StringComparison.Ordinal);
        Assert.Contains("cannot reach registry", warnings[1], StringComparison.Ordinal);
        Assert.Contains("not a Wharf build cache", warnings[2], StringComparison.Ordinal);
        Assert.Equal(["ran-install", "ran-first", "ran-last"], Markers(result));
        Assert.Equal(Digest(image), Digest(result));
    }

    [Fact]
    public async Task A_private_cache_is_reached_with_dockers_credentials_and_refused_without_them()
    {
        await using var api = await AccountsApiServer.StartAsync();
        var alice = await api.NewUserAsync("alice");
        var host = api.Server.HostPort;
        var withLogin = DockerConfig("alice", host, alice);
        var anonymous = DockerConfig("nobody", host, null);
        var context = Context("private", SingleStage);
        var cache = $"{host}/{alice.Name}/app:cache";
        await BuildOkAsync("state-a", ["--cache-to", $"type=registry,ref={cache}", context], withLogin);

        var refused = await BuildOkAsync("state-b", ["--cache-from", cache, context], anonymous);
        var allowed = await BuildOkAsync("state-c", ["--cache-from", cache, context], withLogin);

        Assert.Contains($"warning: --cache-from docker://{cache}: authentication required: ", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(["ran-install", "ran-first", "ran-last"], Markers(refused));
        Assert.Empty(Markers(allowed));
        Assert.Equal(Digest(refused), Digest(allowed));
    }

    [Fact]
    public async Task Distribution_takes_the_cache_manifest_and_serves_it_back()
    {
        await using var distribution = await DistributionRegistry.StartAsync();
        var context = Context("distribution", SingleStage);
        var first = await BuildOkAsync("state-a", ["--cache-to", $"type=registry,ref={distribution.HostPort}/team/app:cache,mode=max", context]);

        var fromCache = await BuildOkAsync("state-b", ["--cache-from", $"{distribution.HostPort}/team/app:cache", context]);

        Assert.Contains("8 blobs sent", first.StandardError, StringComparison.Ordinal); // 7 layers (WORKDIR /srv makes one) and the config
        Assert.Empty(Markers(fromCache));
        Assert.Equal(Digest(first), Digest(fromCache));
    }

    private string Context(string name, string dockerfile) => BusyboxImage.CreateContext(Path.Combine(_directory, name), dockerfile,
        new Dictionary<string, string> { ["first.txt"] = "one", ["last.txt"] = "two" });

    private string CopyContext(string context, string name)
    {
        var copy = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        foreach (var file in Directory.GetFiles(context))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private async Task<ToolResult> BuildOkAsync(string state, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await WharfCli.RunAsync(["build", "--state", Path.Combine(_directory, state), .. arguments], environment, ct: Ct);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    /// <summary>A docker config directory with <paramref name="login"/> for <paramref name="host"/> (none: anonymous),
    /// as <c>docker login</c> writes it.</summary>
    private Dictionary<string, string> DockerConfig(string name, string host, ApiLogin? login)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, $"docker-config-{name}")).FullName;
        var auths = new JsonObject();
        if (login is not null)
        {
            auths[host] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Name}:{login.Secret}")) };
        }

        File.WriteAllText(Path.Combine(directory, "config.json"), new JsonObject { ["auths"] = auths }.ToJsonString());
        return new Dictionary<string, string> { ["DOCKER_CONFIG"] = directory };
    }

    /// <summary>The markers RUN steps printed, in order (a step's heading line also names its marker, but starts with '[').</summary>
    private static List<string> Markers(ToolResult result) =>
        [.. result.StandardError.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ran-", StringComparison.Ordinal))];

    private static int CountLines(ToolResult result, string line) => result.StandardError.Split('\n').Count(l => l == line);

    private static string Digest(ToolResult result) => result.StandardOutput.Trim();

    /// <summary>The cache is an OCI artifact of Wharf's type whose layers are all the image's.</summary>
    private async Task AssertCacheManifestAsync(string repository, string cacheTag, string imageTag)
    {
        var cache = await GetManifestAsync(repository, cacheTag);
        var image = await GetManifestAsync(repository, imageTag);
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", (string?)cache["mediaType"]);
        Assert.Equal("application/vnd.wharf.build.cache.v1+json", (string?)cache["artifactType"]);
        Assert.Equal("application/vnd.wharf.build.cache.v1+json", (string?)cache["config"]!["mediaType"]);
        var imageLayers = image["layers"]!.AsArray().Select(l => (string?)l!["digest"]).ToHashSet();
        Assert.All(cache["layers"]!.AsArray(), l => Assert.Contains((string?)l!["digest"], imageLayers));
    }

    private async Task<JsonNode> GetManifestAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var response = await _wharf!.Client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
