using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Metadata;
using Wharf.Registry.Overview;
using Wharf.Registry.Statistics;

namespace Wharf.Registry.Tests.Overview;

/// <summary>The read side of the web UI (issue 11) on each database: the repository listing, the tag table, storage
/// figures, descriptions and pull statistics, with the visibility rule applied to each. This file: repositories and
/// descriptions; the other part: tags, storage and pull statistics.</summary>
public abstract partial class OverviewContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly Principal Alice = User("alice");
    private static readonly Principal Bob = User("bob");

    private SqlDatabase _database = null!;
    private SqlMetadataStore _metadata = null!;
    private SqlAccountStore _accounts = null!;
    private SqlOverviewStore _store = null!;
    private RepositoryVisibility _visibility = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty database of the dialect under test.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    private async Task StartAsync()
    {
        _database = await CreateDatabaseAsync();
        await SchemaMigrator.MigrateAsync(_database, Ct);
        _metadata = new SqlMetadataStore(_database, Time);
        _accounts = new SqlAccountStore(_database, Time);
        _store = new SqlOverviewStore(_database, Time);
        _visibility = new RepositoryVisibility(new AccessPolicy(anonymousPull: true), _accounts);
    }

    private RepositoryCatalog Repositories => new(_store, _visibility);

    [Fact]
    public async Task The_listing_shows_what_the_viewer_may_pull_with_counts_and_times()
    {
        await StartAsync();
        await PushImageAsync("alice/app", "1.0", 10);
        Time.Advance(TimeSpan.FromMinutes(1));
        await PushImageAsync("alice/app", "1.1", 20);
        await PushImageAsync("alice/secret", "1", 5);
        await PushImageAsync("bob/tool", "latest", 7);
        await _accounts.SetPublicAsync("alice/app", true, Ct);

        var anonymous = await Repositories.ListAsync(Viewer.As(Principal.Anonymous), new RepositoryQuery(), Ct);
        var bob = await Repositories.ListAsync(Viewer.As(Bob), new RepositoryQuery(), Ct);
        var alice = await Repositories.ListAsync(Viewer.As(Alice), new RepositoryQuery(), Ct);
        var everyone = await Repositories.ListAsync(Viewer.Everyone, new RepositoryQuery(), Ct);

        Assert.Equal(["alice/app"], anonymous.Items.Select(r => r.Name));
        Assert.Equal(1, anonymous.Total);
        Assert.Equal(["alice/app", "bob/tool"], bob.Items.Select(r => r.Name));
        Assert.Equal(["alice/app", "alice/secret"], alice.Items.Select(r => r.Name));
        Assert.Equal(3, everyone.Total);
        var app = alice.Items[0];
        Assert.Equal(("alice", true, 2L, Time.GetUtcNow()), (app.Namespace, app.IsPublic, app.TagCount, app.LastPushedAt));
        Assert.Null(app.LastPulledAt);
        Assert.Null(await Repositories.FindAsync(Viewer.As(Bob), "alice/secret", Ct));
        Assert.Null(await Repositories.FindAsync(Viewer.As(Bob), "alice/none", Ct));
        Assert.Equal("alice/secret", (await Repositories.FindAsync(Viewer.As(Alice), "alice/secret", Ct))?.Name);
    }

    [Fact]
    public async Task The_database_selects_what_an_organisation_member_a_grant_and_a_public_prefix_allow_and_pages_it()
    {
        await StartAsync();
        foreach (var name in new[] { "acme/app", "acme/db", "acme_x/app", "acmex/app", "bob/shared", "bob/other", "git/example.com/o/r", "git/other/r", "carol/own" })
        {
            await PushImageAsync(name, "1", 1);
        }

        var carol = new Principal(
            "carol", AccountKind.User, false, new Dictionary<string, OrganisationRole> { ["acme"] = OrganisationRole.Member },
            new Dictionary<string, RepositoryAccess> { ["bob/shared"] = RepositoryAccess.Read });
        var visibility = new RepositoryVisibility(new AccessPolicy(anonymousPull: false, publicPrefixes: ["git/example.com/"]), _accounts);
        var catalog = new RepositoryCatalog(_store, visibility);

        var seen = await catalog.ListAsync(Viewer.As(carol), new RepositoryQuery(PageSize: 2), Ct);
        Assert.Equal(["acme/app", "acme/db"], seen.Items.Select(r => r.Name));
        Assert.Equal(5, seen.Total);
        var rest = await catalog.ListAsync(Viewer.As(carol), new RepositoryQuery(Page: 2, PageSize: 10), Ct);
        Assert.Empty(rest.Items);
        var all = await catalog.ListAsync(Viewer.As(carol), new RepositoryQuery(PageSize: 10), Ct);
        Assert.Equal(["acme/app", "acme/db", "bob/shared", "carol/own", "git/example.com/o/r"], all.Items.Select(r => r.Name));
        Assert.All(all.Items, r => Assert.True(visibility.MaySee(Viewer.As(carol), r.Name, r.IsPublic)));
        // Anonymous callers on a registry without anonymous pull see nothing, not even the public prefix.
        Assert.Equal(0, (await catalog.ListAsync(Viewer.As(Principal.Anonymous), new RepositoryQuery(), Ct)).Total);
        Assert.Equal(9, (await catalog.ListAsync(Viewer.As(new Principal("root", AccountKind.User, true, new Dictionary<string, OrganisationRole>(), new Dictionary<string, RepositoryAccess>())), new RepositoryQuery(), Ct)).Total);
    }

    [Fact]
    public async Task Search_matches_names_and_descriptions_case_insensitively_and_literally()
    {
        await StartAsync();
        foreach (var name in new[] { "web/frontend", "web/api", "db/postgres", "db/pg_tools", "dbx/redis" })
        {
            await PushImageAsync(name, "1", 1);
        }

        await _store.SetDescriptionAsync("web/api", "# The API\n\nServes **JSON** to the Frontend.", "alice", Ct);

        Assert.Equal(["web/api", "web/frontend"], await NamesAsync(new RepositoryQuery("FRONTEND")));
        Assert.Equal(["db/pg_tools"], await NamesAsync(new RepositoryQuery("pg_")));
        Assert.Empty(await NamesAsync(new RepositoryQuery("%")));
        Assert.Equal(["db/pg_tools", "db/postgres"], await NamesAsync(new RepositoryQuery(Namespace: "db")));
        Assert.Equal(["db/postgres"], await NamesAsync(new RepositoryQuery("gres", "db")));
        Assert.Equal(5, (await NamesAsync(new RepositoryQuery("  "))).Count);
        Assert.Equal("Serves JSON to the Frontend.", (await Repositories.FindAsync(Viewer.Everyone, "web/api", Ct))?.Summary);
    }

    [Fact]
    public async Task The_listing_sorts_by_name_push_and_pulls_and_pages_with_a_total()
    {
        await StartAsync();
        foreach (var name in new[] { "a/c", "a/a", "a/b", "a/d", "a/e" })
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await PushImageAsync(name, "1", 1);
        }

        var counter = new PullCounter(Time);
        await PullAsync(counter, "a/b", 3);
        await PullAsync(counter, "a/d", 1);
        await new SqlPullStatisticsStore(_database).AddAsync(counter.Take(), Ct);

        Assert.Equal(["a/a", "a/b", "a/c", "a/d", "a/e"], await NamesAsync(new RepositoryQuery(PageSize: 10)));
        Assert.Equal(["a/e", "a/d", "a/b", "a/a", "a/c"], await NamesAsync(new RepositoryQuery(Sort: RepositorySort.LastPush, Descending: true)));
        Assert.Equal(["a/b", "a/d", "a/a", "a/c", "a/e"], await NamesAsync(new RepositoryQuery(Sort: RepositorySort.Pulls, Descending: true)));
        var second = await Repositories.ListAsync(Viewer.Everyone, new RepositoryQuery(Page: 2, PageSize: 2), Ct);
        Assert.Equal(["a/c", "a/d"], second.Items.Select(r => r.Name));
        Assert.Equal((5, 3, true), (second.Total, second.PageCount, second.HasMore));
        Assert.Empty((await Repositories.ListAsync(Viewer.Everyone, new RepositoryQuery(Page: 4, PageSize: 2), Ct)).Items);
        Assert.Equal(3, (await Repositories.FindAsync(Viewer.Everyone, "a/b", Ct))?.Pulls);
    }

    [Fact]
    public async Task A_description_is_read_by_viewers_and_set_only_by_administrators()
    {
        await StartAsync();
        await PushImageAsync("alice/app", "1", 1);
        await PushImageAsync("alice/secret", "1", 1);
        await _accounts.SetPublicAsync("alice/app", true, Ct);
        var descriptions = new RepositoryDescriptions(_store, _visibility, new RepositoryRights(_accounts, new AccessPolicy(anonymousPull: true)));

        Assert.Equal(DescriptionChange.Done, await descriptions.SetAsync(Viewer.As(Alice), "alice/app", "Hello", Ct));
        Assert.Equal(DescriptionChange.Forbidden, await descriptions.SetAsync(Viewer.As(Bob), "alice/app", "Mine", Ct));
        Assert.Equal(DescriptionChange.NotFound, await descriptions.SetAsync(Viewer.As(Bob), "alice/secret", "Mine", Ct));
        Assert.Equal(DescriptionChange.NotFound, await descriptions.SetAsync(Viewer.As(Alice), "alice/none", "x", Ct));
        Assert.Equal(DescriptionChange.TooLong, await descriptions.SetAsync(Viewer.As(Alice), "alice/app", new string('x', RepositoryDescriptions.MaxLength + 1), Ct));
        var (found, description) = await descriptions.FindAsync(Viewer.As(Principal.Anonymous), "alice/app", Ct);
        Assert.True(found);
        Assert.Equal(("Hello", "alice"), (description?.Text, description?.UpdatedBy));
        Assert.False((await descriptions.FindAsync(Viewer.As(Bob), "alice/secret", Ct)).Found);
        var secret = await descriptions.FindAsync(Viewer.As(Alice), "alice/secret", Ct);
        Assert.True(secret.Found);
        Assert.Null(secret.Description);

        Assert.Equal(DescriptionChange.Done, await descriptions.SetAsync(Viewer.Everyone, "alice/app", "", Ct));
        Assert.Null((await descriptions.FindAsync(Viewer.Everyone, "alice/app", Ct)).Description);
    }

    [Fact]
    public async Task A_repositorys_description_goes_with_it()
    {
        await StartAsync();
        await PushImageAsync("alice/app", "1", 1);
        await _store.SetDescriptionAsync("alice/app", "Hello", "alice", Ct);

        await using (var c = await _database.OpenAsync(Ct))
        {
            await using var command = c.CreateCommand();
            command.CommandText = "DELETE FROM repositories WHERE name = 'alice/app'";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await PushImageAsync("alice/app", "1", 1);
        Assert.Null(await _store.FindDescriptionAsync("alice/app", Ct));
    }

    private async Task<IReadOnlyList<string>> NamesAsync(RepositoryQuery query) =>
        [.. (await Repositories.ListAsync(Viewer.Everyone, query, Ct)).Items.Select(r => r.Name)];

    private static Principal User(string name) =>
        new(name, AccountKind.User, false, new Dictionary<string, OrganisationRole>(), new Dictionary<string, RepositoryAccess>());

    private async Task PullAsync(PullCounter counter, string repository, int times, string tag = "1")
    {
        var digest = (await _metadata.FindTagAsync(repository, tag, Ct))!.Value;
        for (var i = 0; i < times; i++)
        {
            counter.Record(new RegistryEvent(AuditActions.Pull, repository, tag, digest, RegistryActor.Anonymous, MediaTypes.OciManifest, 100));
        }
    }

    /// <summary>Pushes an image of a config and one layer of <paramref name="layerSize"/> bytes (its own blob unless
    /// <paramref name="layer"/> names a shared one) and tags it.</summary>
    private async Task<Digest> PushImageAsync(string repository, string tag, long layerSize, Digest? layer = null, string? seed = null)
    {
        var config = Digest.Compute(Encoding.UTF8.GetBytes($"config {repository} {tag} {seed}"));
        var layerDigest = layer ?? Digest.Compute(Encoding.UTF8.GetBytes($"layer {repository} {tag} {seed}"));
        await _metadata.LinkBlobAsync(repository, config, 100, Ct);
        await _metadata.LinkBlobAsync(repository, layerDigest, layerSize, Ct);
        var content = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":100},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{layerDigest}}","size":{{layerSize}}}],"annotations":{"seed":"{{tag}}{{seed}}"} }""");
        var manifest = new StoredManifest(Digest.Compute(content), MediaTypes.OciManifest, content, null, null, null, [config, layerDigest], [], Time.GetUtcNow());
        Assert.Empty(await _metadata.PutManifestAsync(repository, manifest, tag, null, Ct));
        return manifest.Digest;
    }
}
