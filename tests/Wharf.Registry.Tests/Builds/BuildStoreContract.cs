using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Builds;

/// <summary>What the build queue (<see cref="SqlBuildStore"/>) must do on every database: claims, leases, cancels,
/// recovery and the log. This file: one worker at a time; the other part: workers racing on two handles of one
/// database, as two machines would.</summary>
public abstract partial class BuildStoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, migrated database.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    /// <summary>Another handle on the database <see cref="CreateDatabaseAsync"/> made last, as another machine has.</summary>
    protected abstract SqlDatabase OpenAgain();

    [Fact]
    public async Task A_queued_build_reads_back_as_it_was_asked()
    {
        var store = await CreateStoreAsync();
        var spec = Spec("team/app") with
        {
            Tags = ["1", "latest"],
            Dockerfile = "build/Dockerfile",
            Target = "runtime",
            BuildArgs = new Dictionary<string, string> { ["V"] = "2", ["EMPTY"] = "" },
            NoCache = true,
            Test = "./check --quick",
        };

        var queued = await store.EnqueueAsync(spec, Ct);
        var found = await store.FindAsync(queued.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal(BuildState.Queued, found.State);
        Assert.Equal(["1", "latest"], found.Spec.Tags);
        Assert.Equal(spec.ContextDigest, found.Spec.ContextDigest);
        Assert.Equal("build/Dockerfile", found.Spec.Dockerfile);
        Assert.Equal("runtime", found.Spec.Target);
        Assert.Equal(spec.BuildArgs, found.Spec.BuildArgs);
        Assert.True(found.Spec.NoCache);
        Assert.Equal("./check --quick", found.Spec.Test);
        Assert.Equal("alice", found.Spec.RequestedBy);
        Assert.Equal(Time.GetUtcNow(), found.CreatedAt);
        Assert.Null(found.StartedAt);
        Assert.Equal(0, found.Attempts);
        Assert.Null(await store.FindAsync(queued.Id + 1000, Ct));

        var git = await store.EnqueueAsync(Spec("team/app") with { ContextDigest = null, Git = new GitContext("https://git.example/app.git", "v1", "sub/dir") }, Ct);
        Assert.Equal(new GitContext("https://git.example/app.git", "v1", "sub/dir"), (await store.FindAsync(git.Id, Ct))!.Spec.Git);
    }

    [Fact]
    public async Task Claims_take_the_oldest_queued_build_once_each()
    {
        var store = await CreateStoreAsync();
        var first = await store.EnqueueAsync(Spec("team/a"), Ct);
        var second = await store.EnqueueAsync(Spec("team/b"), Ct);

        var one = await store.ClaimAsync("w1", Lease, Ct);
        var two = await store.ClaimAsync("w2", Lease, Ct);

        Assert.Equal(first.Id, one!.Build.Id);
        Assert.Equal(second.Id, two!.Build.Id);
        Assert.Null(await store.ClaimAsync("w3", Lease, Ct));
        Assert.Equal(BuildState.Running, one.Build.State);
        Assert.Equal("w1", one.Build.WorkerId);
        Assert.Equal(1, one.Build.Attempts);
        Assert.Equal(Time.GetUtcNow() + Lease, one.Build.LeaseExpiresAt);
        Assert.Equal(Time.GetUtcNow(), one.Build.StartedAt);
        Assert.Equal(1, one.NextLogSequence);
    }

    [Fact]
    public async Task Outcomes_are_recorded_only_by_the_worker_that_holds_the_build()
    {
        var store = await CreateStoreAsync();
        var a = (await ClaimNewAsync(store, "w1")).Build.Id;
        var b = (await ClaimNewAsync(store, "w1")).Build.Id;
        var manifest = Digest.Compute([7]);

        Assert.False(await store.SucceedAsync(a, "someone-else", manifest, Ct));
        Assert.True(await store.SucceedAsync(a, "w1", manifest, Ct));
        Assert.False(await store.FailAsync(a, "w1", "too late", Ct));
        Assert.True(await store.FailAsync(b, "w1", "Dockerfile:3: RUN exited with code 2", Ct));

        var succeeded = (await store.FindAsync(a, Ct))!;
        Assert.Equal(BuildState.Succeeded, succeeded.State);
        Assert.Equal(manifest, succeeded.ManifestDigest);
        Assert.Equal(Time.GetUtcNow(), succeeded.FinishedAt);
        Assert.Null(succeeded.LeaseExpiresAt);
        var failed = (await store.FindAsync(b, Ct))!;
        Assert.Equal(BuildState.Failed, failed.State);
        Assert.Equal("Dockerfile:3: RUN exited with code 2", failed.Error);
        Assert.Equal(LeaseStatus.Lost, await store.RenewAsync(a, "w1", Lease, Ct));
    }

    [Fact]
    public async Task A_queued_build_is_cancelled_at_once_and_a_running_one_through_its_worker()
    {
        var store = await CreateStoreAsync();
        var running = (await ClaimNewAsync(store, "w1")).Build.Id;
        var queued = (await store.EnqueueAsync(Spec("team/q"), Ct)).Id;

        Assert.Equal(CancelOutcome.Cancelled, await store.RequestCancelAsync(queued, Ct));
        Assert.Equal(BuildState.Cancelled, (await store.FindAsync(queued, Ct))!.State);
        Assert.Null(await store.ClaimAsync("w2", Lease, Ct));

        Assert.Equal(LeaseStatus.Held, await store.RenewAsync(running, "w1", Lease, Ct));
        Assert.Equal(CancelOutcome.Requested, await store.RequestCancelAsync(running, Ct));
        Assert.Equal(BuildState.Running, (await store.FindAsync(running, Ct))!.State);
        Assert.Equal(LeaseStatus.CancelRequested, await store.RenewAsync(running, "w1", Lease, Ct));
        Assert.True(await store.CancelledAsync(running, "w1", Ct));

        Assert.Equal(BuildState.Cancelled, (await store.FindAsync(running, Ct))!.State);
        Assert.Equal(CancelOutcome.AlreadyFinished, await store.RequestCancelAsync(running, Ct));
        Assert.Equal(CancelOutcome.NotFound, await store.RequestCancelAsync(running + 1000, Ct));
        Assert.Equal(["cancelled before a worker took it"], await LogAsync(store, queued));
    }

    [Fact]
    public async Task A_build_whose_lease_ran_out_is_queued_again_and_given_up_after_the_last_attempt()
    {
        var store = await CreateStoreAsync();
        var id = (await ClaimNewAsync(store, "dead")).Build.Id;
        Assert.Equal(0, await store.RecoverExpiredAsync(2, Ct));

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.RecoverExpiredAsync(2, Ct));

        Assert.Equal(BuildState.Queued, (await store.FindAsync(id, Ct))!.State);
        Assert.Equal(LeaseStatus.Lost, await store.RenewAsync(id, "dead", Lease, Ct));
        Assert.False(await store.AppendLogAsync(id, "dead", 1, ["a zombie's line"], Ct));
        var again = await store.ClaimAsync("w2", Lease, Ct);
        Assert.Equal(id, again!.Build.Id);
        Assert.Equal(2, again.Build.Attempts);
        Assert.Equal(2, again.NextLogSequence); // after the recovery's line

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.RecoverExpiredAsync(2, Ct));

        var given = (await store.FindAsync(id, Ct))!;
        Assert.Equal(BuildState.Failed, given.State);
        Assert.Contains("stopped answering 2 times", given.Error, StringComparison.Ordinal);
        Assert.Null(await store.ClaimAsync("w3", Lease, Ct));
        Assert.Equal(
            ["worker dead stopped answering; attempt 1 of 2: queued again", "worker w2 stopped answering; attempt 2 of 2: given up"],
            await LogAsync(store, id));
    }

    [Fact]
    public async Task A_renewed_lease_is_not_recovered_and_an_expired_cancel_ends_cancelled()
    {
        var store = await CreateStoreAsync();
        var renewed = (await ClaimNewAsync(store, "w1")).Build.Id;
        var cancelling = (await ClaimNewAsync(store, "w2")).Build.Id;
        await store.RequestCancelAsync(cancelling, Ct);

        Time.Advance(Lease / 2);
        Assert.Equal(LeaseStatus.Held, await store.RenewAsync(renewed, "w1", Lease, Ct));
        Time.Advance(Lease / 2 + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await store.RecoverExpiredAsync(3, Ct));
        Assert.Equal(BuildState.Running, (await store.FindAsync(renewed, Ct))!.State);
        Assert.Equal(BuildState.Cancelled, (await store.FindAsync(cancelling, Ct))!.State);
    }

    [Fact]
    public async Task A_build_released_by_a_stopping_worker_is_queued_without_counting_the_attempt()
    {
        var store = await CreateStoreAsync();
        var id = (await ClaimNewAsync(store, "w1")).Build.Id;

        Assert.False(await store.ReleaseAsync(id, "w2", Ct));
        Assert.True(await store.ReleaseAsync(id, "w1", Ct));

        var released = (await store.FindAsync(id, Ct))!;
        Assert.Equal(BuildState.Queued, released.State);
        Assert.Equal(0, released.Attempts);
        Assert.Null(released.WorkerId);
        Assert.Equal(id, (await store.ClaimAsync("w2", Lease, Ct))!.Build.Id);
    }

    [Fact]
    public async Task The_log_reads_back_in_order_from_any_point()
    {
        var store = await CreateStoreAsync();
        var claimed = await ClaimNewAsync(store, "w1");
        var id = claimed.Build.Id;

        Assert.True(await store.AppendLogAsync(id, "w1", 1, ["Step 1/2 : FROM scratch", "Step 2/2 : COPY . /"], Ct));
        Assert.True(await store.AppendLogAsync(id, "w1", 3, ["pushing team/app:1", ""], Ct));
        Assert.True(await store.AppendLogAsync(id, "w1", 3, ["a retried flush is not written twice"], Ct));

        Assert.Equal(["Step 1/2 : FROM scratch", "Step 2/2 : COPY . /", "pushing team/app:1", ""], await LogAsync(store, id));
        var tail = await store.ReadLogAsync(id, 2, 1, Ct);
        Assert.Equal([new BuildLogLine(3, "pushing team/app:1")], tail);
        Assert.Empty(await store.ReadLogAsync(id, 4, 100, Ct));
        Assert.False(await store.AppendLogAsync(id, "w2", 5, ["not its build"], Ct));
    }

    [Fact]
    public async Task A_repository_history_is_newest_first_in_pages()
    {
        var store = await CreateStoreAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.EnqueueAsync(Spec("team/app"), Ct)).Id);
            await store.EnqueueAsync(Spec("team/other"), Ct);
        }

        var first = await store.ListAsync("team/app", null, 3, Ct);
        var second = await store.ListAsync("team/app", first[^1].Id, 3, Ct);

        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), first.Select(b => b.Id));
        Assert.Equal(ids.Take(2).Reverse(), second.Select(b => b.Id));
        Assert.Empty(await store.ListAsync("team/none", null, 10, Ct));
    }

    [Fact]
    public async Task Finished_builds_are_forgotten_after_the_retention_with_their_logs()
    {
        var store = await CreateStoreAsync();
        var done = await ClaimNewAsync(store, "w1");
        await store.AppendLogAsync(done.Build.Id, "w1", 1, ["line"], Ct);
        await store.FailAsync(done.Build.Id, "w1", "failed", Ct);
        var queued = await store.EnqueueAsync(Spec("team/app"), Ct);
        Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, await store.DeleteFinishedBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(3), Ct));
        Assert.Equal(1, await store.DeleteFinishedBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(1), Ct));

        Assert.Null(await store.FindAsync(done.Build.Id, Ct));
        Assert.Empty(await store.ReadLogAsync(done.Build.Id, 0, 10, Ct));
        Assert.NotNull(await store.FindAsync(queued.Id, Ct));
    }

    protected static BuildSpec Spec(string repository) => new()
    {
        Repository = repository,
        Tags = ["1"],
        RequestedBy = "alice",
        ContextDigest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(repository)),
    };

    private static async Task<List<string>> LogAsync(SqlBuildStore store, long id) =>
        [.. (await store.ReadLogAsync(id, 0, 1000, Ct)).Select(l => l.Text)];

    private async Task<SqlBuildStore> CreateStoreAsync() => new(await CreateDatabaseAsync(), Time);

    private static async Task<ClaimedBuild> ClaimNewAsync(SqlBuildStore store, string worker)
    {
        var queued = await store.EnqueueAsync(Spec("team/app"), Ct);
        var claimed = await store.ClaimAsync(worker, Lease, Ct);
        Assert.Equal(queued.Id, claimed!.Build.Id);
        return claimed;
    }
}
