using System.Net;
using System.Text.Json.Nodes;
using Wharf.Build.Cache;
using Wharf.Build.Layers;
using Wharf.Oci.Images;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Builds;

/// <summary>The options of <c>wharf build</c> a server build takes (the reproducible epoch, reproducible, compression,
/// platform, memory limit, cache refs) on a real server: kept with the build, shown by the API, handed to the builder by
/// the worker, and kept by a retry; each bad value a 400 problem before the context is read, a cache export to a
/// repository the caller may not push to a 403, and one to another registry a 400.</summary>
public sealed class BuildOptionsApiTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>
{
    private BuildsServer Builds => fixture.Server;

    private AccountsApiServer Api => fixture.Server.Api;

    private string Host => Api.Server.BaseAddress.Authority;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_builds_options_reach_the_builder_and_are_shown_with_the_build()
    {
        var alice = await Api.NewUserAsync("alice");
        var cacheTo = Uri.EscapeDataString($"type=registry,ref={Host}/{alice.Name}/app:cache,mode=max");
        var query = $"repository={alice.Name}/app&buildArg=ID=options&sourceDateEpoch=1700000000&compression=zstd&platform=linux/arm64"
            + $"&memoryLimit=67108864&cacheFrom={Host}/{alice.Name}/app:cache&cacheFrom=registry.example/team/app:cache&cacheTo={cacheTo}";

        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG with options")), query);
        var build = await Builds.WaitAsync(alice, id);

        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        Assert.Equal(1700000000, build["sourceDateEpoch"]!.GetValue<long>());
        Assert.True(build["reproducible"]!.GetValue<bool>());
        Assert.Equal("zstd", build["compression"]!.GetValue<string>());
        Assert.Equal("linux/arm64", build["platform"]!.GetValue<string>());
        Assert.Equal(67108864, build["memoryLimit"]!.GetValue<long>());
        Assert.Equal([$"{Host}/{alice.Name}/app:cache", "registry.example/team/app:cache"], build["cacheFrom"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(
            new JsonArray(new JsonObject { ["ref"] = $"{Host}/{alice.Name}/app:cache", ["mode"] = "max", ["ignoreError"] = false }), build["cacheTo"]));

        var request = Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == "options");
        Assert.Equal(1700000000, request.SourceDateEpoch);
        Assert.True(request.Reproducible);
        Assert.Equal(LayerCompression.Zstd, request.Compression);
        Assert.Equal("linux/arm64", request.Platform?.ToString());
        Assert.Equal(67108864, request.MemoryLimitBytes);
        Assert.Equal([ImageReference.Parse($"{Host}/{alice.Name}/app:cache"), ImageReference.Parse("registry.example/team/app:cache")], request.CacheFrom);
        Assert.Equal([new CacheExport(ImageReference.Parse($"{Host}/{alice.Name}/app:cache"), CacheMode.Max)], request.CacheTo);
        Assert.NotNull(request.CacheStore); // the worker's, which reaches this registry as alice
    }

    [Fact]
    public async Task An_uploaded_context_without_an_epoch_is_built_at_0_and_never_asks_git()
    {
        var alice = await Api.NewUserAsync("alice");

        var plain = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG plain")), $"repository={alice.Name}/app&buildArg=ID=plain");
        var real = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG real")), $"repository={alice.Name}/app&buildArg=ID=real&reproducible=false&compression=none");

        var shown = await Builds.WaitAsync(alice, plain);
        Assert.Null(shown["sourceDateEpoch"]);
        Assert.Equal("gzip", shown["compression"]!.GetValue<string>());
        Assert.Null(shown["platform"]);
        Assert.Null(shown["memoryLimit"]);
        Assert.Empty(shown["cacheFrom"]!.AsArray());
        Assert.Empty(shown["cacheTo"]!.AsArray());
        Assert.False((await Builds.WaitAsync(alice, real))["reproducible"]!.GetValue<bool>());
        var plainRequest = Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == "plain");
        Assert.Equal(0, plainRequest.SourceDateEpoch); // given, so the builder has no reason to run git in the upload
        Assert.Equal(LayerCompression.Gzip, plainRequest.Compression);
        Assert.Null(plainRequest.MemoryLimitBytes);
        var realRequest = Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == "real");
        Assert.False(realRequest.Reproducible);
        Assert.Equal(LayerCompression.None, realRequest.Compression);
    }

    [Theory]
    [InlineData("sourceDateEpoch=-1")]
    [InlineData("sourceDateEpoch=yesterday")]
    [InlineData("sourceDateEpoch=253402300800")]
    [InlineData("reproducible=false&sourceDateEpoch=5")]
    [InlineData("reproducible=maybe")]
    [InlineData("compression=lz4")]
    [InlineData("platform=linux")]
    [InlineData("platform=linux/amd64/v1/extra")]
    [InlineData("platform=../../etc")]
    [InlineData("memoryLimit=1048576")]
    [InlineData("memoryLimit=1g")]
    [InlineData("cacheFrom=oci:/var/lib/wharf")]
    [InlineData("cacheFrom=type=local,src=/tmp")]
    [InlineData("cacheTo=type=registry,ref=HOST/OWNER/app:cache,mode=all")]
    [InlineData("cacheTo=HOST/OWNER/app@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("cacheTo=registry.example/team/app:cache")]
    public async Task A_bad_option_is_refused_before_the_context_is_read(string query)
    {
        var alice = await Api.NewUserAsync("alice");
        var filled = query.Replace("HOST", Host, StringComparison.Ordinal).Replace("OWNER", alice.Name, StringComparison.Ordinal);

        var (status, body, response) = await Builds.PostContextAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG x")), $"repository={alice.Name}/app&{filled}");

        using (response)
        {
            Assert.True(status == HttpStatusCode.BadRequest, $"{filled}: {(int)status} {body}");
            ApiAssert.Problem(response, body, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_cache_export_elsewhere_is_refused_with_the_reason()
    {
        var alice = await Api.NewUserAsync("alice");

        var (_, body, response) = await Builds.PostContextAsync(
            alice, ContextArchives.TarGz(("Dockerfile", "LOG x")), $"repository={alice.Name}/app&cacheTo=registry.example/team/app:cache");

        using (response)
        {
            Assert.Equal(
                $"cacheTo registry.example/team/app:cache: a build on the server exports its cache only to this registry ({Host}); it holds no credentials for registry.example",
                JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_cache_export_needs_the_right_to_push_to_its_repository_at_submission_and_at_a_retry()
    {
        var alice = await Api.NewUserAsync("alice");
        var bob = await Api.NewUserAsync("bob");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG x"));

        var (status, body, response) = await Builds.PostContextAsync(bob, context, $"repository={bob.Name}/app&cacheTo={Host}/{alice.Name}/cache:1");
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
            ApiAssert.Problem(response, body, HttpStatusCode.Forbidden);
            Assert.Equal($"exporting the build cache to '{alice.Name}/cache' needs the right to push to it", JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        }

        var json = new JsonObject
        {
            ["repository"] = $"{bob.Name}/app",
            ["git"] = new JsonObject { ["url"] = "file:///nonexistent" },
            ["cacheTo"] = new JsonArray($"type=registry,ref={Host}/{alice.Name}/cache:1"),
        };
        await Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", bob, HttpStatusCode.Forbidden, json.ToJsonString());

        // bob may push to alice/app, not to alice/cache: he may retry her build, not as one that writes her cache.
        await Api.Store.GrantAsync($"{alice.Name}/app", Grantee.Account(bob.Name), RepositoryAccess.Write, Ct);
        var id = await Builds.SubmitAsync(alice, context, $"repository={alice.Name}/app&cacheTo={Host}/{alice.Name}/cache:1");
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());
        var retry = await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", bob, HttpStatusCode.Forbidden);
        Assert.Equal($"exporting the build cache to '{alice.Name}/cache' needs the right to push to it", JsonNode.Parse(retry)!["detail"]!.GetValue<string>());
        var own = await Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, null, HttpStatusCode.Accepted);
        Assert.Equal($"{Host}/{alice.Name}/cache:1", own["cacheTo"]![0]!["ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_memory_limit_may_lower_the_servers_and_not_exceed_it()
    {
        await using var limited = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:StepMemoryLimit"] = "268435456" });
        var alice = await limited.Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG x"));

        var (status, body, response) = await limited.PostContextAsync(alice, context, $"repository={alice.Name}/app&memoryLimit=268435457");
        var lower = await limited.SubmitAsync(alice, context, $"repository={alice.Name}/app&memoryLimit=134217728&buildArg=ID=lower");

        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(
                "memoryLimit 268435457 is above this server's limit of 268435456 bytes per RUN step (Builds:StepMemoryLimit): a build may only lower it",
                JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        }

        Assert.Equal("succeeded", (await limited.WaitAsync(alice, lower))["state"]!.GetValue<string>());
        Assert.Equal(134217728, limited.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("ID") == "lower").MemoryLimitBytes);
    }
}
