using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Builds;

/// <summary>Builds from a git repository (here a <c>file://</c> remote, which the test server allows): the ref resolved
/// to a commit and recorded, the subfolder as the context, the commit time as the reproducible epoch.</summary>
public sealed class GitBuildTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly string _repository = Directory.CreateTempSubdirectory("wharf-test-git-").FullName;

    private BuildsServer Builds => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    [Fact]
    public async Task A_tagged_commit_of_a_subfolder_is_fetched_built_and_recorded()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        await CommitAsync(("app/Dockerfile", "LOG from git v1"), ("app/data.txt", "version one"), ("other.txt", "outside the subfolder"));
        await GitAsync("tag", "v1");
        var v1 = (await GitAsync("rev-parse", "HEAD")).Trim();
        var epoch = long.Parse((await GitAsync("log", "-1", "--format=%ct")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await CommitAsync(("app/data.txt", "version two"));

        var build = await SubmitAsync(alice, new JsonObject { ["url"] = $"file://{_repository}", ["ref"] = "v1", ["subfolder"] = "app" });
        var ended = await Builds.WaitAsync(alice, build);

        Assert.Equal("succeeded", ended["state"]!.GetValue<string>());
        Assert.Equal("git", ended["context"]!.GetValue<string>());
        Assert.Equal(v1, ended["git"]!["commit"]!.GetValue<string>());
        Assert.Equal("v1", ended["git"]!["ref"]!.GetValue<string>());
        var files = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "git");
        Assert.Equal(new Dictionary<string, string> { ["data.txt"] = "version one" }, files);
        Assert.Contains(Builds.Builder.Requests, r => r.SourceDateEpoch == epoch);
        Assert.Contains($"checked out {v1}\n", await Builds.LogAsync(alice, build), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_git_builds_options_reach_the_builder_and_an_explicit_epoch_overrides_the_commit_time()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        await CommitAsync(("Dockerfile", "LOG options"));
        var body = new JsonObject
        {
            ["repository"] = $"{alice.Name}/app",
            ["git"] = new JsonObject { ["url"] = $"file://{_repository}" },
            ["buildArgs"] = new JsonObject { ["ID"] = "git-options" },
            ["sourceDateEpoch"] = 42,
            ["compression"] = "zstd",
            ["platform"] = "linux/arm/v7",
            ["memoryLimit"] = 33554432,
            ["cacheFrom"] = new JsonArray("registry.example/team/app:cache"),
        };

        var queued = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/builds", alice, body.ToJsonString(), HttpStatusCode.Accepted);
        var ended = await Builds.WaitAsync(alice, queued["id"]!.GetValue<long>());

        Assert.Equal("succeeded", ended["state"]!.GetValue<string>());
        Assert.Equal(42, ended["sourceDateEpoch"]!.GetValue<long>());
        var request = Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == "git-options");
        Assert.Equal(42, request.SourceDateEpoch);
        Assert.Equal(Wharf.Build.Layers.LayerCompression.Zstd, request.Compression);
        Assert.Equal("linux/arm/v7", request.Platform?.ToString());
        Assert.Equal(33554432, request.MemoryLimitBytes);
        Assert.Equal("docker://registry.example/team/app:cache", Assert.Single(request.CacheFrom).ToString());
        var bad = body.DeepClone().AsObject();
        bad["compression"] = "brotli";
        await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", alice, HttpStatusCode.BadRequest, bad.ToJsonString());
    }

    [Fact]
    public async Task The_default_branch_is_built_when_no_ref_is_given_and_an_unknown_ref_fails_the_build()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        await CommitAsync(("Dockerfile", "LOG head"), ("f", "head"));

        var head = await Builds.WaitAsync(alice, await SubmitAsync(alice, new JsonObject { ["url"] = $"file://{_repository}" }));
        var missing = await Builds.WaitAsync(alice, await SubmitAsync(alice, new JsonObject { ["url"] = $"file://{_repository}", ["ref"] = "no-such-branch" }));

        Assert.Equal("succeeded", head["state"]!.GetValue<string>());
        Assert.Equal("failed", missing["state"]!.GetValue<string>());
        Assert.Contains("git ref 'no-such-branch' is not a branch, tag or commit", missing["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"url":"ext::sh -c touch% /tmp/pwned"}""")]
    [InlineData("""{"url":"http://example.invalid/repo.git"}""")]
    [InlineData("""{"url":"/srv/git/repo"}""")]
    [InlineData("""{"url":"file:///srv/repo","ref":"--upload-pack=touch /tmp/pwned"}""")]
    [InlineData("""{"url":"file:///srv/repo","subfolder":"../.."}""")]
    [InlineData("""{"ref":"main"}""")]
    public async Task A_git_source_that_could_reach_beyond_its_repository_is_refused(string git)
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var body = $$"""{"repository":"{{alice.Name}}/app","git":{{git}}}""";

        await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", alice, HttpStatusCode.BadRequest, body);
    }

    [Fact]
    public async Task A_git_build_takes_secrets_as_base64_and_key_files_as_text_in_its_json()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        await CommitAsync(("Dockerfile", "SECRET token\nSSHKEY default"));
        var key = await SshKeys.GenerateAsync(null, Ct);
        var body = new JsonObject
        {
            ["repository"] = $"{alice.Name}/app",
            ["tags"] = new JsonArray("secrets"),
            ["git"] = new JsonObject { ["url"] = $"file://{_repository}" },
            ["secrets"] = new JsonObject { ["token"] = Convert.ToBase64String("s3cr3t-from-json"u8) },
            ["ssh"] = new JsonObject { ["default"] = new JsonArray(key) },
        };

        var queued = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/builds", alice, body.ToJsonString(), HttpStatusCode.Accepted);
        var ended = await Builds.WaitAsync(alice, queued["id"]!.GetValue<long>());
        body["secrets"] = new JsonObject { ["token"] = "not base64!" };
        var refused = await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", alice, HttpStatusCode.BadRequest, body.ToJsonString());

        Assert.Equal("succeeded", ended["state"]!.GetValue<string>());
        Assert.Equal(["token"], ended["secretIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        var files = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "secrets");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("s3cr3t-from-json"u8)), files["secret-token.sha256"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))) + "\n", files["ssh-default.sha256"]);
        Assert.Equal(0, await Builds.SealedSecretsAsync(queued["id"]!.GetValue<long>()));
        Assert.Equal("secrets.token: not base64 (a secret's value is sent as base64 of its bytes)", JsonNode.Parse(refused)!["detail"]!.GetValue<string>());
        Assert.DoesNotContain("s3cr3t", queued.ToJsonString() + ended.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<long> SubmitAsync(Api.Accounts.ApiLogin who, JsonObject git)
    {
        var body = new JsonObject { ["repository"] = $"{who.Name}/app", ["tags"] = new JsonArray("git"), ["git"] = git };
        var queued = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/builds", who, body.ToJsonString(), HttpStatusCode.Accepted);
        return queued["id"]!.GetValue<long>();
    }

    private async Task CommitAsync(params (string Path, string Content)[] files)
    {
        if (!Directory.Exists(Path.Combine(_repository, ".git")))
        {
            await GitAsync("init", "-q", "-b", "main");
        }

        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_repository, path))!);
            await File.WriteAllTextAsync(Path.Combine(_repository, path), content, Ct);
        }

        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "change");
    }

    private async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
