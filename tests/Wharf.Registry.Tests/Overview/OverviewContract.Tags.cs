using System.Text;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Metadata;
using Wharf.Registry.Overview;
using Wharf.Registry.Statistics;

namespace Wharf.Registry.Tests.Overview;

/// <summary>The tag table, storage figures and pull statistics.</summary>
public abstract partial class OverviewContract
{
    private TagCatalog Tags => new(_store, _visibility);

    [Fact]
    public async Task Tags_show_sizes_platforms_and_times_and_sort_by_version_push_and_size()
    {
        await StartAsync();
        var shared = Digest.Compute([42]);
        var amd64 = await PushImageAsync("team/app", "amd64-only", 1000, shared);
        var arm64 = await PushImageAsync("team/app", "arm64-only", 2000, seed: "arm");
        var index = await PushIndexAsync("team/app", "1.10", (amd64, "linux", "amd64", null), (arm64, "linux", "arm64", "v8"));
        foreach (var tag in new[] { "1.9", "v1.2", "1.10.0-rc.1", "latest" })
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await PushImageAsync("team/app", tag, 10, shared);
        }

        var page = (await Tags.ListAsync(Viewer.Everyone, "team/app", new TagQuery(Sort: TagSort.Name, Descending: false), Ct))!;

        Assert.Equal(["v1.2", "1.9", "1.10", "amd64-only", "arm64-only", "latest"], page.Items.Select(t => t.Name).Where(n => n != "1.10.0-rc.1").Take(6));
        Assert.Equal(["1.10", "1.10.0-rc.1"], page.Items.Select(t => t.Name).Where(n => n.StartsWith("1.10", StringComparison.Ordinal)));
        var indexRow = page.Items.Single(t => t.Name == "1.10");
        Assert.Equal((index.ToString(), MediaTypes.OciIndex), (indexRow.Digest, indexRow.MediaType));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], indexRow.Platforms);
        // Two configs of 100 bytes, and each platform's layer once.
        Assert.Equal(100 + 1000 + 100 + 2000, indexRow.Size);
        Assert.Equal(100 + 1000, page.Items.Single(t => t.Name == "amd64-only").Size);
        Assert.Empty(page.Items.Single(t => t.Name == "amd64-only").Platforms);

        var bySize = (await Tags.ListAsync(Viewer.Everyone, "team/app", new TagQuery(Sort: TagSort.Size, Descending: true, PageSize: 2), Ct))!;
        Assert.Equal(["1.10", "arm64-only"], bySize.Items.Select(t => t.Name));
        Assert.Equal((7, true), (bySize.Total, bySize.HasMore));
        var latest = (await Tags.ListAsync(Viewer.Everyone, "team/app", new TagQuery(PageSize: 1), Ct))!;
        Assert.Equal("latest", latest.Items.Single().Name);
        Assert.Equal(Time.GetUtcNow(), latest.Items.Single().PushedAt);
        var filtered = (await Tags.ListAsync(Viewer.Everyone, "team/app", new TagQuery("ONLY", TagSort.Name, false), Ct))!;
        Assert.Equal(["amd64-only", "arm64-only"], filtered.Items.Select(t => t.Name));
    }

    [Fact]
    public async Task Tags_of_a_repository_the_viewer_may_not_see_are_answered_like_those_of_none()
    {
        await StartAsync();
        await PushImageAsync("alice/secret", "1", 1);

        Assert.Null(await Tags.ListAsync(Viewer.As(Bob), "alice/secret", new TagQuery(), Ct));
        Assert.Null(await Tags.ListAsync(Viewer.As(Principal.Anonymous), "alice/secret", new TagQuery(), Ct));
        Assert.Null(await Tags.ListAsync(Viewer.As(Alice), "alice/none", new TagQuery(), Ct));
        Assert.Single((await Tags.ListAsync(Viewer.As(Alice), "alice/secret", new TagQuery(), Ct))!.Items);
    }

    [Fact]
    public async Task Pull_counts_of_several_nodes_add_up_and_keep_the_latest_time()
    {
        await StartAsync();
        var image = await PushImageAsync("team/app", "1", 1);
        var index = await PushIndexAsync("team/app", "multi", (image, "linux", "amd64", null));
        var first = new PullCounter(Time);
        var second = new PullCounter(Time);
        var statistics = new SqlPullStatisticsStore(_database);

        await PullAsync(first, "team/app", 2);
        var early = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(5));
        await PullAsync(second, "team/app", 3);
        first.Record(new RegistryEvent(AuditActions.Pull, "team/app", "multi", index, RegistryActor.Anonymous, MediaTypes.OciIndex, 10));
        var late = Time.GetUtcNow();
        // The later node flushes first: the time must not go back when the earlier one's batch lands.
        await statistics.AddAsync(second.Take(), Ct);
        await statistics.AddAsync(first.Take(), Ct);
        await statistics.AddAsync(first.Take(), Ct);

        var repository = await Repositories.FindAsync(Viewer.Everyone, "team/app", Ct);
        var tags = (await Tags.ListAsync(Viewer.Everyone, "team/app", new TagQuery(), Ct))!.Items.ToDictionary(t => t.Name);
        // The index's GET is no pull of the repository (its image manifest's is).
        Assert.Equal((5L, late), (repository!.Pulls, repository.LastPulledAt));
        Assert.Equal((5L, late), (tags["1"].Pulls, tags["1"].LastPulledAt));
        Assert.Equal((1L, late), (tags["multi"].Pulls, tags["multi"].LastPulledAt));
        Assert.True(early < late);
    }

    [Fact]
    public async Task Counts_of_a_deleted_manifest_are_dropped_and_its_statistics_go_with_it()
    {
        await StartAsync();
        var kept = await PushImageAsync("team/app", "1", 1);
        var deleted = await PushImageAsync("team/app", "2", 1);
        var counter = new PullCounter(Time);
        var statistics = new SqlPullStatisticsStore(_database);
        await PullAsync(counter, "team/app", 1, "2");
        await statistics.AddAsync(counter.Take(), Ct);

        Assert.True(await _metadata.DeleteManifestAsync("team/app", deleted, null, Ct));
        counter.Record(new RegistryEvent(AuditActions.Pull, "team/app", "2", deleted, RegistryActor.Anonymous, MediaTypes.OciManifest, 10));
        counter.Record(new RegistryEvent(AuditActions.Pull, "team/app", "1", kept, RegistryActor.Anonymous, MediaTypes.OciManifest, 10));
        counter.Record(new RegistryEvent(AuditActions.Pull, "gone/away", "1", kept, RegistryActor.Anonymous, MediaTypes.OciManifest, 10));
        await statistics.AddAsync(counter.Take(), Ct);

        await using var c = await _database.OpenAsync(Ct);
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM manifest_pulls";
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));
        // The repository's own count took both of its pulls: it still exists.
        Assert.Equal(3, (await Repositories.FindAsync(Viewer.Everyone, "team/app", Ct))!.Pulls);
    }

    [Fact]
    public async Task Storage_counts_a_shared_blob_once_per_namespace_and_overall_and_hides_what_the_viewer_may_not_see()
    {
        await StartAsync();
        var shared = Digest.Compute([7]);
        await PushImageAsync("alice/app", "1", 1000, shared);
        await PushImageAsync("alice/tool", "1", 1000, shared);
        await PushImageAsync("bob/app", "1", 1000, shared);
        await PushImageAsync("bob/big", "1", 5000);
        await _accounts.SetPublicAsync("bob/app", true, Ct);
        var report = new StorageReport(_store, _visibility);

        var all = await report.ReadAsync(Viewer.Everyone, 10, Ct);
        var alice = await report.ReadAsync(Viewer.As(Alice), 10, Ct);

        // Configs differ (100 bytes each); the 1000-byte layer is shared by three repositories in two namespaces.
        Assert.Equal(new StoredBytes(6, 4 * 100 + 1000 + 5000), all.Total);
        Assert.Equal([new NamedBytes("bob", 4, 2 * 100 + 1000 + 5000), new NamedBytes("alice", 3, 2 * 100 + 1000)], all.Namespaces);
        Assert.Equal("bob/big", all.Repositories[0].Name);
        Assert.Equal(new NamedBytes("alice/app", 2, 1100), all.Repositories.Single(r => r.Name == "alice/app"));
        Assert.Null(alice.Total);
        Assert.Equal(["alice"], alice.Namespaces.Select(n => n.Name));
        Assert.Equal(["alice/app", "alice/tool", "bob/app"], alice.Repositories.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Single((await report.ReadAsync(Viewer.Everyone, 1, Ct)).Repositories);
    }

    private async Task<Digest> PushIndexAsync(string repository, string tag, params (Digest Digest, string Os, string Architecture, string? Variant)[] images)
    {
        var entries = images.Select(i =>
            $$"""{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{i.Digest}}","size":100,"platform":{"os":"{{i.Os}}","architecture":"{{i.Architecture}}"{{(i.Variant is null ? "" : $",\"variant\":\"{i.Variant}\"")}}} }""");
        var content = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{{string.Join(",", entries)}}]}""");
        var manifest = new StoredManifest(Digest.Compute(content), MediaTypes.OciIndex, content, null, null, null, [], [.. images.Select(i => i.Digest)], Time.GetUtcNow());
        Assert.Empty(await _metadata.PutManifestAsync(repository, manifest, tag, null, Ct));
        return manifest.Digest;
    }
}
