using Dapper;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Builds;

/// <summary>Retrying an ended build: the same spec queued again for whoever asked, never when its uploaded context is
/// gone from the blob store or a collector has begun deleting it.</summary>
public abstract partial class BuildStoreContract
{
    [Fact]
    public async Task A_retry_queues_the_same_spec_for_the_caller_while_the_context_is_in_the_store()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var blobs = new InMemoryBlobStore(Time);
        var context = await PutAsync(blobs, "a context");
        var spec = Spec("team/app") with
        {
            ContextDigest = context,
            Tags = ["1", "latest"],
            Dockerfile = "build/Dockerfile",
            Target = "final",
            BuildArgs = new Dictionary<string, string> { ["V"] = "1" },
            NoCache = true,
            RegistryHost = "registry.example:5000",
            SourceDateEpoch = 1_700_000_000,
            Compression = "zstd",
            MemoryLimit = 64L << 20,
            CacheFrom = [Oci.Images.ImageReference.Parse("registry.example:5000/team/app:cache")],
            CacheTo = [new BuildCacheTarget(Oci.Images.ImageReference.Parse("registry.example:5000/team/app:cache"), BuildCacheTarget.Max)],
        };
        var first = (await store.EnqueueAsync(spec, Ct)).Id;
        await store.RequestCancelAsync(first, Ct);

        var retry = await store.RetryAsync((await store.FindAsync(first, Ct))!, "bob", blobs, Ct);

        Assert.NotNull(retry);
        Assert.Equal(BuildState.Queued, retry.State);
        Assert.Equal("bob", retry.Spec.RequestedBy);
        Assert.Equal(BuildReasons.Retry, retry.Spec.Reason);
        Assert.Equal(
            spec with
            {
                RequestedBy = "bob", Reason = BuildReasons.Retry, Tags = retry.Spec.Tags, BuildArgs = retry.Spec.BuildArgs,
                CacheFrom = retry.Spec.CacheFrom, CacheTo = retry.Spec.CacheTo,
            },
            retry.Spec);
        Assert.Equal(spec.Tags, retry.Spec.Tags);
        Assert.Equal(spec.BuildArgs, retry.Spec.BuildArgs);
        Assert.Equal(spec.CacheFrom, retry.Spec.CacheFrom);
        Assert.Equal(spec.CacheTo, retry.Spec.CacheTo);
        Assert.Equal([$"retry of build {first}, asked by bob"], await LogAsync(store, retry.Id));
        var claimed = await store.ClaimAsync("w1", Lease, Ct);
        Assert.Equal(retry.Id, claimed!.Build.Id);
        Assert.Equal(2, claimed.NextLogSequence);
    }

    [Fact]
    public async Task A_retry_is_refused_once_the_context_is_gone_or_being_deleted()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var blobs = new InMemoryBlobStore(Time);
        var gone = (await store.EnqueueAsync(Spec("team/gone"), Ct)).Id;
        var deleting = (await store.EnqueueAsync(Spec("team/deleting") with { ContextDigest = await PutAsync(blobs, "being deleted") }, Ct)).Id;
        await store.RequestCancelAsync(gone, Ct);
        await store.RequestCancelAsync(deleting, Ct);
        await using (var c = await database.OpenAsync(Ct))
        {
            // What a collector's BeginBlobDeletionAsync leaves while it deletes the bytes.
            await c.ExecuteAsync("INSERT INTO blob_deletions (digest, started_at) VALUES (@digest, 0)",
                new { digest = (await store.FindAsync(deleting, Ct))!.Spec.ContextDigest!.Value.ToString() });
        }

        Assert.Null(await store.RetryAsync((await store.FindAsync(gone, Ct))!, "alice", blobs, Ct));
        Assert.Null(await store.RetryAsync((await store.FindAsync(deleting, Ct))!, "alice", blobs, Ct));
        Assert.Equal(2, (await store.ListAsync("team/gone", null, 10, Ct)).Count + (await store.ListAsync("team/deleting", null, 10, Ct)).Count);
    }

    [Fact]
    public async Task A_triggers_build_is_retried_at_the_commit_its_worker_recorded_and_a_submitted_one_at_its_ref()
    {
        var store = await CreateStoreAsync();
        var blobs = new InMemoryBlobStore(Time);
        var git = new GitContext("https://git.example/app.git", "refs/heads/main", "docker");
        var triggered = (await store.EnqueueAsync(Spec("team/app") with { ContextDigest = null, Git = git, TriggerId = 7, SourceRef = "refs/heads/main", Reason = BuildReasons.Webhook }, Ct)).Id;
        var claimed = await store.ClaimAsync("w1", Lease, Ct);
        await store.RecordGitCommitAsync(triggered, "w1", "0123456789abcdef0123456789abcdef01234567", Ct);
        await store.FailAsync(claimed!.Build.Id, "w1", "failed", Ct);
        var submitted = (await store.EnqueueAsync(Spec("team/app") with { ContextDigest = null, Git = git }, Ct)).Id;
        await store.RequestCancelAsync(submitted, Ct);

        var again = await store.RetryAsync((await store.FindAsync(triggered, Ct))!, "alice", blobs, Ct);
        var resubmitted = await store.RetryAsync((await store.FindAsync(submitted, Ct))!, "alice", blobs, Ct);

        Assert.Equal(git with { Ref = "0123456789abcdef0123456789abcdef01234567" }, again!.Spec.Git);
        Assert.Equal(7, again.Spec.TriggerId);
        Assert.Equal("refs/heads/main", again.Spec.SourceRef);
        Assert.Equal(BuildReasons.Retry, again.Spec.Reason);
        Assert.Equal(git, resubmitted!.Spec.Git);
    }

    private static async Task<Digest> PutAsync(InMemoryBlobStore blobs, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var upload = UploadId.New();
        var part = await blobs.WritePartAsync(upload, new MemoryStream(bytes), Ct);
        var digest = Digest.Compute(bytes);
        await blobs.CommitPartsAsync(upload, [part], digest, Ct);
        return digest;
    }
}
