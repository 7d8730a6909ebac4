using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Metadata;
using Wharf.Registry.Secrets;
using Wharf.Registry.Triggers;

namespace Wharf.Registry.Tests.Triggers;

/// <summary>Rebuild on base-image update in the database, on every database (decision 023): a trigger build's success
/// records what it read by tag; a manifest put that moves such a tag owes its ref a rebuild in the put's transaction (a
/// re-push of the same manifest does not); nodes claim owed rebuilds under a lease; and the loop check tells a trigger
/// built from its own image, or a loop of triggers, from a chain.</summary>
public abstract class BaseImageRebuildsContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private SqlDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqlDatabase Database => _database ?? throw new InvalidOperationException("no database yet");

    private SqlMetadataStore Metadata => new(Database, Time);

    private SqlBuildStore Builds => new(Database, Time);

    private SqlTriggerStore Triggers => new(Database, Time);

    private SqlBaseImageStore BaseImages => new(Database, Time);

    /// <summary>A new, empty, migrated database.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    /// <summary>Another handle on the database <see cref="CreateDatabaseAsync"/> made last, as another node has.</summary>
    protected abstract SqlDatabase OpenAgain();

    [Fact]
    public async Task A_trigger_builds_success_records_what_it_read_by_tag_in_place_of_its_refs_last()
    {
        _database = await CreateDatabaseAsync();
        var trigger = await TriggerAsync("team/app");
        var a1 = await PushAsync("base/a", "1", "a1");
        var b1 = await PushAsync("base/b", "1", "b1");

        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", a1), Read("base/b", "1", b1));
        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", a1), Read("base/a", "1", a1));
        await BuildAsync(trigger, "refs/heads/main", ["slim"], Read("base/b", "1", b1));
        await BuildAsync(trigger, "refs/heads/dev", ["dev"], Read("base/b", "1", b1));
        await FailAsync(trigger, "refs/heads/dev", ["dev"]);
        await SucceedUntriggeredAsync(Read("base/a", "1", a1));

        var watched = await BaseImages.ListWatchedAsync([trigger.Id], Ct);
        Assert.Equal(
            [("refs/heads/dev", "dev", "base/b:1", b1), ("refs/heads/main", "latest", "base/a:1", a1), ("refs/heads/main", "slim", "base/b:1", b1)],
            watched.Select(w => (w.SourceRef, string.Join(',', w.ImageTags), $"{w.Repository}:{w.Tag}", w.Digest)));
        Assert.All(watched, w => Assert.Equal(Time.GetUtcNow(), w.RecordedAt));
        Assert.Empty(await BaseImages.ListWatchedAsync([trigger.Id + 1000], Ct));
    }

    [Fact]
    public async Task A_watched_tag_moving_owes_its_ref_one_rebuild_and_a_repush_of_the_same_manifest_none()
    {
        _database = await CreateDatabaseAsync();
        var trigger = await TriggerAsync("team/app");
        var first = await PushAsync("base/a", "1", "first");
        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", first));
        await BuildAsync(trigger, "refs/heads/main", ["slim"], Read("base/a", "1", first));

        await PushAsync("base/a", "1", "first");
        await PushAsync("base/a", "2", "other tag");
        await PushAsync("base/b", "1", "other repository");
        Assert.Empty(await BaseImages.ClaimAsync(10, Lease, Ct));

        await PushAsync("base/a", "1", "second");
        var third = await PushAsync("base/a", "1", "third");

        var owed = Assert.Single(await BaseImages.ClaimAsync(10, Lease, Ct));
        Assert.Equal((trigger.Id, "refs/heads/main", "base/a", "1", third, 2L), (owed.TriggerId, owed.SourceRef, owed.Repository, owed.Tag, owed.Digest, owed.Version));
        await BaseImages.CompleteAsync(owed, Ct);
        Time.Advance(Lease * 2);
        Assert.Empty(await BaseImages.ClaimAsync(10, Lease, Ct));
    }

    [Fact]
    public async Task A_trigger_that_is_off_or_does_not_rebuild_on_base_images_is_owed_nothing()
    {
        _database = await CreateDatabaseAsync();
        var off = await TriggerAsync("team/off");
        var optedOut = await TriggerAsync("team/opted-out", rebuild: false);
        var base1 = await PushAsync("base/a", "1", "first");
        await BuildAsync(off, "refs/heads/main", ["latest"], Read("base/a", "1", base1));
        await BuildAsync(optedOut, "refs/heads/main", ["latest"], Read("base/a", "1", base1));
        Assert.True(await Triggers.SetEnabledAsync(off.Id, false, Ct));

        await PushAsync("base/a", "1", "second");

        Assert.Empty(await BaseImages.ClaimAsync(10, Lease, Ct));
        Assert.False((await Triggers.FindAsync(optedOut.Id, Ct))!.RebuildOnBaseImage);
        Assert.True((await Triggers.FindAsync(off.Id, Ct))!.RebuildOnBaseImage);
        Assert.Single(await BaseImages.ListWatchedAsync([optedOut.Id], Ct)); // still shown: it says what the builds read
    }

    [Fact]
    public async Task A_claim_is_one_nodes_until_its_lease_runs_out_and_a_move_during_it_is_taken_again()
    {
        _database = await CreateDatabaseAsync();
        var other = new SqlBaseImageStore(OpenAgain(), Time);
        var trigger = await TriggerAsync("team/app");
        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", await PushAsync("base/a", "1", "first")));
        await PushAsync("base/a", "1", "second");

        var mine = Assert.Single(await BaseImages.ClaimAsync(10, Lease, Ct));
        Assert.Empty(await other.ClaimAsync(10, Lease, Ct));
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var theirs = Assert.Single(await other.ClaimAsync(10, Lease, Ct));
        Assert.Equal(mine.Id, theirs.Id);

        var third = await PushAsync("base/a", "1", "third");
        await other.CompleteAsync(theirs, Ct);

        var again = Assert.Single(await BaseImages.ClaimAsync(10, Lease, Ct));
        Assert.Equal((third, 2L), (again.Digest, again.Version));
        await BaseImages.CompleteAsync(again, Ct);
        Assert.Empty(await other.ClaimAsync(10, Lease, Ct));
    }

    [Fact]
    public async Task A_base_that_moved_while_the_build_ran_is_owed_a_rebuild_when_the_build_succeeds()
    {
        _database = await CreateDatabaseAsync();
        var trigger = await TriggerAsync("team/app");
        var read = await PushAsync("base/a", "1", "read by the build");
        var unchanged = await PushAsync("base/b", "1", "unchanged");
        var moved = await PushAsync("base/a", "1", "pushed while it ran");

        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", read), Read("base/b", "1", unchanged));

        var owed = Assert.Single(await BaseImages.ClaimAsync(10, Lease, Ct));
        Assert.Equal(("refs/heads/main", "base/a", moved), (owed.SourceRef, owed.Repository, owed.Digest));
    }

    [Fact]
    public async Task The_loop_check_finds_an_image_built_from_itself_and_a_loop_of_triggers_but_not_a_chain()
    {
        _database = await CreateDatabaseAsync();
        var self = await TriggerAsync("team/self");
        var x = await TriggerAsync("team/x");
        var y = await TriggerAsync("team/y");
        var b = await TriggerAsync("team/b");
        var c = await TriggerAsync("team/c");
        await BuildAsync(self, "refs/heads/main", ["latest"], Read("team/self", "latest", await PushAsync("team/self", "latest", "self")));
        await BuildAsync(x, "refs/heads/main", ["1"], Read("team/y", "1", await PushAsync("team/y", "1", "y")));
        await BuildAsync(y, "refs/heads/main", ["1"], Read("team/x", "1", await PushAsync("team/x", "1", "x")));
        await BuildAsync(b, "refs/heads/main", ["latest"], Read("base/a", "1", await PushAsync("base/a", "1", "a")));
        await BuildAsync(c, "refs/heads/main", ["latest"], Read("team/b", "latest", await PushAsync("team/b", "latest", "b")));

        Assert.True(await BaseImages.FeedsBackAsync(self.Id, "refs/heads/main", "team/self", "latest", Ct));
        Assert.True(await BaseImages.FeedsBackAsync(x.Id, "refs/heads/main", "team/y", "1", Ct));
        Assert.True(await BaseImages.FeedsBackAsync(y.Id, "refs/heads/main", "team/x", "1", Ct));
        Assert.False(await BaseImages.FeedsBackAsync(b.Id, "refs/heads/main", "base/a", "1", Ct));
        Assert.False(await BaseImages.FeedsBackAsync(c.Id, "refs/heads/main", "team/b", "latest", Ct));

        // A loop through a trigger that is off is no loop: it stops there.
        Assert.True(await Triggers.SetEnabledAsync(y.Id, false, Ct));
        Assert.False(await BaseImages.FeedsBackAsync(x.Id, "refs/heads/main", "team/y", "1", Ct));
    }

    [Fact]
    public async Task Deleting_a_trigger_forgets_what_it_watched_and_what_it_was_owed()
    {
        _database = await CreateDatabaseAsync();
        var trigger = await TriggerAsync("team/app");
        await BuildAsync(trigger, "refs/heads/main", ["latest"], Read("base/a", "1", await PushAsync("base/a", "1", "first")));
        await PushAsync("base/a", "1", "second");

        Assert.True(await Triggers.DeleteAsync(trigger.Id, Ct));

        Assert.Empty(await BaseImages.ListWatchedAsync([trigger.Id], Ct));
        Assert.Empty(await BaseImages.ClaimAsync(10, Lease, Ct));
        await PushAsync("base/a", "1", "third");
        Assert.Empty(await BaseImages.ClaimAsync(10, Lease, Ct));
    }

    private static BaseImageRead Read(string repository, string tag, string digest) => new(repository, tag, Digest.Parse(digest));

    private async Task<BuildTrigger> TriggerAsync(string repository, bool rebuild = true) =>
        await Triggers.CreateAsync(
            new NewTrigger(repository, "https://git.example/app.git", [BuildRule.DefaultBranch("main")], "secret", null, 5, null, "registry.example", "alice")
            {
                RebuildOnBaseImage = rebuild,
            },
            new SecretBox(new byte[SecretBox.KeySize]), Ct);

    /// <summary>Puts a manifest made from <paramref name="seed"/> by tag, as a push does; returns its digest.</summary>
    private async Task<string> PushAsync(string repository, string tag, string seed)
    {
        var content = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"seed\":\"{seed}\"}}");
        var manifest = new StoredManifest(Digest.Compute(content), MediaTypes.OciManifest, content, null, null, null, [], [], Time.GetUtcNow());
        Assert.Empty(await Metadata.PutManifestAsync(repository, manifest, tag, null, Ct));
        return manifest.Digest.ToString();
    }

    private async Task BuildAsync(BuildTrigger trigger, string sourceRef, string[] tags, params BaseImageRead[] reads)
    {
        var id = await ClaimAsync(TriggerBuild(trigger, sourceRef, tags));
        Assert.True(await Builds.SucceedAsync(id, "w1", Digest.Compute([1]), reads, Ct));
    }

    private async Task FailAsync(BuildTrigger trigger, string sourceRef, string[] tags)
    {
        var id = await ClaimAsync(TriggerBuild(trigger, sourceRef, tags));
        Assert.True(await Builds.FailAsync(id, "w1", "failed", Ct));
    }

    private async Task SucceedUntriggeredAsync(params BaseImageRead[] reads)
    {
        var id = await ClaimAsync(TriggerBuild(null, null, ["latest"]));
        Assert.True(await Builds.SucceedAsync(id, "w1", Digest.Compute([2]), reads, Ct));
    }

    private async Task<long> ClaimAsync(BuildSpec spec)
    {
        var queued = await Builds.EnqueueAsync(spec, Ct);
        var claimed = await Builds.ClaimAsync("w1", Lease, Ct);
        Assert.Equal(queued.Id, claimed!.Build.Id);
        return queued.Id;
    }

    private static BuildSpec TriggerBuild(BuildTrigger? trigger, string? sourceRef, string[] tags) => new()
    {
        Repository = trigger?.Repository ?? "team/manual",
        Tags = tags,
        RequestedBy = "alice",
        Git = new GitContext("https://git.example/app.git", sourceRef ?? "main", null),
        TriggerId = trigger?.Id,
        SourceRef = sourceRef,
        Reason = trigger is null ? null : BuildReasons.Webhook,
    };
}
