using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;
using Wharf.Registry.Metadata;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Conformance;
using PushedImage = Wharf.Server.Tests.Builds.PushedImage;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Rebuild on base-image update end to end, on each database (decision 023): a real server whose builds read
/// FROM images of this registry through <c>SubmitterBaseImages</c> (the stand-in builder's <c>FROM</c>), triggers on real
/// git remotes, base images pushed with the Wharf registry client over /v2. A new digest of a tag a trigger's build read
/// queues and runs a <c>base-image</c> build on the new base; a re-push of the same digest, a FROM by digest, a trigger
/// that is off or opted out, and a trigger built from its own image rebuild nothing; a chain rebuilds link by link.
/// "Nothing" is shown by a sentinel trigger: a move pushed after it is rebuilt, so anything owed before was acted on.</summary>
public abstract class BaseImageRebuildContract : IAsyncLifetime
{
    private readonly List<TestGitRepository> _gits = [];
    private BuildsServer? _server;
    private (ApiLogin Who, string Base, string Repository)? _sentinel;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server ?? throw new InvalidOperationException("not started");

    private string Host => Server.Api.Server.HostPort;

    /// <summary>The database settings of the server.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> DatabaseAsync();

    public async ValueTask InitializeAsync() =>
        _server = await BuildsServer.StartAsync(new Dictionary<string, string?>(await DatabaseAsync())
        {
            ["Secrets:Key"] = Convert.ToBase64String(new byte[32]),
        });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (var git in _gits)
        {
            git.Dispose();
        }
    }

    [Fact]
    public async Task A_new_digest_of_the_base_tag_rebuilds_the_trigger_from_it_and_a_repush_of_the_same_digest_rebuilds_nothing()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var first = await PushAsync(alice, $"{alice.Name}/base", "1");
        var trigger = await TriggerAsync(alice, $"{alice.Name}/app", $"FROM {Host}/{alice.Name}/base:1");
        var manual = await BuildNowAsync(alice, trigger);
        var watched = Assert.Single(await WatchedAsync(alice, trigger));
        Assert.Equal(("refs/heads/main", $"{alice.Name}/base", "1", first.Digest), Watched(watched));
        Assert.Equal(["latest"], watched!["imageTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        await SentinelAsync(alice);

        var second = await PushAsync(alice, $"{alice.Name}/base", "1");
        var rebuilt = await RebuildAsync(alice, $"{alice.Name}/app", after: manual);

        Assert.Equal(BuildReasons.BaseImage, rebuilt.Spec.Reason);
        Assert.Equal(trigger, rebuilt.Spec.TriggerId);
        Assert.Equal("refs/heads/main", rebuilt.Spec.SourceRef);
        Assert.Equal(["latest"], rebuilt.Spec.Tags);
        Assert.Equal((await _gits[0].GitAsync("rev-parse", "HEAD")).Trim(), rebuilt.GitCommit);
        Assert.Equal(second.Digest, (await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/app", "latest"))["base-digest"]);
        Assert.Equal(("refs/heads/main", $"{alice.Name}/base", "1", second.Digest), Watched(Assert.Single(await WatchedAsync(alice, trigger))));

        await PushAsync(alice, $"{alice.Name}/base", "1", second);
        await ProveNothingElseOwedAsync();

        Assert.Equal([rebuilt.Id, manual], await BuildIdsAsync($"{alice.Name}/app"));
    }

    [Fact]
    public async Task A_from_by_digest_is_not_watched_and_a_trigger_off_or_opted_out_is_not_rebuilt()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var first = await PushAsync(alice, $"{alice.Name}/base", "1");
        var pinned = await TriggerAsync(alice, $"{alice.Name}/pinned", $"FROM {Host}/{alice.Name}/base@{first.Digest}");
        var off = await TriggerAsync(alice, $"{alice.Name}/off", $"FROM {Host}/{alice.Name}/base:1");
        var optedOut = await TriggerAsync(alice, $"{alice.Name}/opted-out", $"FROM {Host}/{alice.Name}/base:1", rebuildOnBaseImage: false);
        var builds = new[] { await BuildNowAsync(alice, pinned), await BuildNowAsync(alice, off), await BuildNowAsync(alice, optedOut) };
        await Server.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{off}/disable", alice, null);
        await SentinelAsync(alice);

        await PushAsync(alice, $"{alice.Name}/base", "1");
        await ProveNothingElseOwedAsync();

        Assert.Empty(await WatchedAsync(alice, pinned));
        Assert.Single(await WatchedAsync(alice, off));
        var shown = await Server.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{optedOut}", alice, null);
        Assert.False(shown["rebuildOnBaseImage"]!.GetValue<bool>());
        Assert.Single(shown["baseImages"]!.AsArray());
        Assert.Equal([builds[0]], await BuildIdsAsync($"{alice.Name}/pinned"));
        Assert.Equal([builds[1]], await BuildIdsAsync($"{alice.Name}/off"));
        Assert.Equal([builds[2]], await BuildIdsAsync($"{alice.Name}/opted-out"));
    }

    [Fact]
    public async Task A_trigger_built_from_its_own_image_does_not_rebuild_itself()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        await PushAsync(alice, $"{alice.Name}/self", "latest");
        var trigger = await TriggerAsync(alice, $"{alice.Name}/self", $"FROM {Host}/{alice.Name}/self:latest");
        var built = await BuildNowAsync(alice, trigger);
        await SentinelAsync(alice);

        await PushAsync(alice, $"{alice.Name}/self", "latest");
        await ProveNothingElseOwedAsync();

        Assert.Equal($"{alice.Name}/self", Assert.Single(await WatchedAsync(alice, trigger))!["repository"]!.GetValue<string>());
        Assert.Equal([built], await BuildIdsAsync($"{alice.Name}/self"));
    }

    [Fact]
    public async Task A_chain_rebuilds_each_image_after_the_one_it_is_built_from_has_been_pushed()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        await PushAsync(alice, $"{alice.Name}/a", "1");
        var middle = await TriggerAsync(alice, $"{alice.Name}/b", $"FROM {Host}/{alice.Name}/a:1");
        var last = await TriggerAsync(alice, $"{alice.Name}/c", $"FROM {Host}/{alice.Name}/b:latest");
        var middleBuilt = await BuildNowAsync(alice, middle);
        var lastBuilt = await BuildNowAsync(alice, last);

        var a2 = await PushAsync(alice, $"{alice.Name}/a", "1");
        var b2 = await RebuildAsync(alice, $"{alice.Name}/b", after: middleBuilt);
        var c2 = await RebuildAsync(alice, $"{alice.Name}/c", after: lastBuilt);

        Assert.Equal(a2.Digest, (await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/b", "latest"))["base-digest"]);
        Assert.Equal(b2.ManifestDigest.ToString(), (await PushedImage.FilesAsync(Server.Api.Server.Services, $"{alice.Name}/c", "latest"))["base-digest"]);
        Assert.Equal([c2.Id, lastBuilt], await BuildIdsAsync($"{alice.Name}/c"));
    }

    /// <summary>A trigger on a new git remote whose Dockerfile is <paramref name="from"/> (the stand-in's FROM), building
    /// branch main as <c>latest</c>.</summary>
    private async Task<long> TriggerAsync(ApiLogin who, string repository, string from, bool rebuildOnBaseImage = true)
    {
        var git = new TestGitRepository();
        _gits.Add(git);
        await git.CommitAsync("first", ("Dockerfile", $"{from}\nLOG built"), ("app.txt", repository));
        var body = new JsonObject
        {
            ["repository"] = repository,
            ["gitUrl"] = git.Url,
            ["rules"] = JsonNode.Parse("""[{"kind":"branch","source":"main","tag":"latest"}]"""),
            ["rebuildOnBaseImage"] = rebuildOnBaseImage,
        };
        var created = await Server.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", who, body.ToJsonString(), HttpStatusCode.Created);
        Assert.Empty(created["trigger"]!["baseImages"]!.AsArray());
        return created["trigger"]!["id"]!.GetValue<long>();
    }

    /// <summary>"Build now" of main; returns the build's id once it succeeded.</summary>
    private async Task<long> BuildNowAsync(ApiLogin who, long trigger)
    {
        var queued = await Server.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", who, """{"ref":"main"}""", HttpStatusCode.Accepted);
        var id = queued[0]!["buildId"]!.GetValue<long>();
        var ended = await Server.WaitAsync(who, id);
        Assert.True(ended["state"]!.GetValue<string>() == "succeeded", ended.ToJsonString());
        return id;
    }

    /// <summary>Waits for a base-image build of <paramref name="repository"/> newer than build <paramref name="after"/>,
    /// then for its end; returns it, succeeded.</summary>
    private async Task<BuildRecord> RebuildAsync(ApiLogin who, string repository, long after)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var builds = await Server.Queue.ListAsync(repository, null, 20, timeout.Token);
            if (builds.FirstOrDefault(b => b.Id > after && b.Spec.Reason == BuildReasons.BaseImage) is { } build)
            {
                var ended = await Server.WaitAsync(who, build.Id);
                Assert.True(ended["state"]!.GetValue<string>() == "succeeded", ended.ToJsonString());
                return (await Server.Queue.FindAsync(build.Id, Ct))!;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A trigger of its own, built FROM a base of its own: <see cref="ProveNothingElseOwedAsync"/> moves that base.</summary>
    private async Task SentinelAsync(ApiLogin who)
    {
        await PushAsync(who, $"{who.Name}/sentinel-base", "1");
        var trigger = await TriggerAsync(who, $"{who.Name}/sentinel", $"FROM {Host}/{who.Name}/sentinel-base:1");
        await BuildNowAsync(who, trigger);
        _sentinel = (who, $"{who.Name}/sentinel-base", $"{who.Name}/sentinel");
    }

    /// <summary>Moves the sentinel's base and waits for its rebuild to end. Owed rebuilds are taken oldest first, so by then
    /// anything a push before this one owed has been queued; and nothing is owed any more.</summary>
    private async Task ProveNothingElseOwedAsync()
    {
        var (who, baseRepository, repository) = _sentinel ?? throw new InvalidOperationException("no sentinel");
        var before = (await Server.Queue.ListAsync(repository, null, 1, Ct))[0].Id;
        await PushAsync(who, baseRepository, "1");
        await RebuildAsync(who, repository, before);
        // The row that owed the sentinel's rebuild is deleted just after its build is queued; on a loaded machine the
        // build can finish first. Nothing else may be left once that delete has run.
        var database = Server.Api.Server.Services.GetRequiredService<SqlDatabase>();
        long owed = -1;
        for (var attempt = 0; attempt < 100 && owed != 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100, Ct);
            }

            await using var c = await database.OpenAsync(Ct);
            owed = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM base_image_rebuilds");
        }

        Assert.Equal(0, owed);
    }

    private async Task<List<long>> BuildIdsAsync(string repository) =>
        [.. (await Server.Queue.ListAsync(repository, null, 20, Ct)).Select(b => b.Id)];

    private async Task<JsonArray> WatchedAsync(ApiLogin who, long trigger) =>
        (await Server.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", who, null))["baseImages"]!.AsArray();

    private static (string, string, string, string) Watched(JsonNode? node) => (
        node!["ref"]!.GetValue<string>(), node["repository"]!.GetValue<string>(), node["tag"]!.GetValue<string>(), node["digest"]!.GetValue<string>());

    /// <summary>Pushes <paramref name="again"/>, or a new image (a config, a layer and a manifest), by tag through /v2 with
    /// the Wharf registry client, as <paramref name="who"/>.</summary>
    private async Task<TestManifest> PushAsync(ApiLogin who, string repository, string tag, TestManifest? again = null)
    {
        using var client = new RegistryClient(Host, new RegistryClientOptions { Credential = new RegistryCredential(who.Name, who.Secret) });
        var name = RepositoryName.Parse(repository);
        var manifest = again;
        if (manifest is null)
        {
            var config = TestImages.Config();
            var layer = TestImages.Layer();
            foreach (var blob in new[] { config, layer })
            {
                await client.PushBlobAsync(
                    name, new Descriptor { MediaType = blob.MediaType, Digest = Digest.Parse(blob.Digest), Size = blob.Size },
                    (offset, _) => Task.FromResult<Stream>(new MemoryStream(blob.Bytes[(int)offset..])), null, null, Ct);
            }

            manifest = TestImages.Image(config, [layer]);
        }

        await client.PutManifestAsync(name, Reference.ForTag(tag), new ManifestContent(manifest.Bytes, manifest.MediaType), Ct);
        return manifest;
    }
}
