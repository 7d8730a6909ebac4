using System.Text;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Builds;

/// <summary>An uploaded build context in the shared blob store (decision 017): garbage collection keeps it while its
/// build is queued or running, and removes it at its first run after the build ended; no repository serves it.</summary>
public sealed class BuildContextCollectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-context-gc-").FullName;
    private readonly FileSystemBlobStore _blobs;
    private readonly SqlMetadataStore _metadata;
    private readonly SqlBuildStore _builds;
    private readonly UploadService _uploads;
    private readonly GarbageCollector _collector;

    public BuildContextCollectionTests()
    {
        var database = SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db"));
        _blobs = new FileSystemBlobStore(_root);
        _metadata = new SqlMetadataStore(database, TimeProvider.System);
        _builds = new SqlBuildStore(database, TimeProvider.System);
        _uploads = new UploadService(_blobs, _metadata, new UploadHashCache(), TimeProvider.System);
        _collector = new GarbageCollector(_blobs, _metadata, TimeProvider.System);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_context_is_kept_while_its_build_is_queued_or_running_and_collected_after_it_ended()
    {
        await _metadata.MigrateAsync(Ct);
        var bytes = Encoding.UTF8.GetBytes("a context, as a client would upload it");
        var build = await _uploads.StoreUnlinkedAsync(
            RepositoryName.Parse("team/app"), new MemoryStream(bytes), (digest, _) => _builds.EnqueueAsync(Spec(digest), Ct), Ct);
        var context = build.Spec.ContextDigest!.Value;

        Assert.Equal(Digest.Compute(bytes), context);
        Assert.Null(await _metadata.FindBlobLinkAsync("team/app", context, Ct));
        Assert.Empty(await ListUploadsAsync()); // the session that kept it during the upload is gone

        Assert.Equal(0, (await _collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
        var claimed = await _builds.ClaimAsync("w1", TimeSpan.FromMinutes(1), Ct);
        Assert.Equal(0, (await _collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
        Assert.Equal(bytes.Length, await _blobs.StatAsync(context, Ct));

        await _builds.FailAsync(claimed!.Build.Id, "w1", "failed", Ct);
        var report = await _collector.CollectAsync(TimeSpan.Zero, Ct);

        Assert.Equal(1, report.BlobsDeleted);
        Assert.Null(await _blobs.StatAsync(context, Ct));
    }

    [Fact]
    public async Task A_context_shared_by_two_builds_stays_until_both_ended()
    {
        await _metadata.MigrateAsync(Ct);
        var bytes = Encoding.UTF8.GetBytes("the same context twice");
        var first = await _uploads.StoreUnlinkedAsync(RepositoryName.Parse("team/a"), new MemoryStream(bytes), (d, _) => _builds.EnqueueAsync(Spec(d), Ct), Ct);
        var second = await _uploads.StoreUnlinkedAsync(RepositoryName.Parse("team/b"), new MemoryStream(bytes), (d, _) => _builds.EnqueueAsync(Spec(d), Ct), Ct);

        await _builds.RequestCancelAsync(first.Id, Ct);
        Assert.Equal(0, (await _collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
        await _builds.RequestCancelAsync(second.Id, Ct);

        Assert.Equal(1, (await _collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
    }

    private async Task<List<StagedUpload>> ListUploadsAsync()
    {
        var uploads = new List<StagedUpload>();
        await foreach (var upload in _blobs.ListUploadsAsync(Ct))
        {
            uploads.Add(upload);
        }

        return uploads;
    }

    private static BuildSpec Spec(Digest context) => new() { Repository = "team/app", Tags = ["1"], RequestedBy = "alice", ContextDigest = context };
}
