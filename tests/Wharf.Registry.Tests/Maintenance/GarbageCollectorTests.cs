using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;
using Wharf.Registry;
using Wharf.Registry.Events;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Maintenance;

/// <summary>Garbage collection on the real embedded backends (filesystem + SQLite), alone and racing pushes.</summary>
public sealed class GarbageCollectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-gc-").FullName;
    private readonly FileSystemBlobStore _blobs;
    private readonly SqlMetadataStore _metadata;
    private readonly UploadService _uploads;
    private readonly ManifestService _manifests;
    private readonly GarbageCollector _collector;
    private readonly SqlGarbageCollectionLog _log;

    public GarbageCollectorTests()
    {
        _blobs = new FileSystemBlobStore(_root);
        _metadata = new SqlMetadataStore(SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db")), TimeProvider.System);
        _uploads = new UploadService(_blobs, _metadata, new UploadHashCache(), TimeProvider.System);
        _manifests = new ManifestService(_metadata, TimeProvider.System, new RegistryPolicy(), IgnoredRegistryEvents.Instance);
        _log = new SqlGarbageCollectionLog(SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db")));
        _collector = new GarbageCollector(_blobs, _metadata, TimeProvider.System, _log);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Deleting_an_image_frees_its_own_layers_and_keeps_those_another_image_needs()
    {
        await _metadata.MigrateAsync(Ct);
        var shared = Bytes("shared layer");
        var own = Bytes("own layer");
        var keptImage = await PushImageAsync("team/kept", "1", shared);
        var goneImage = await PushImageAsync("team/gone", "1", shared, own);
        await _manifests.DeleteAsync(Repo("team/gone"), Reference.ForDigest(goneImage), RegistryActor.Anonymous, Ct);

        var young = await _collector.CollectAsync(TimeSpan.FromHours(1), Ct);
        Assert.Equal(new GarbageCollectionReport(0, 0, 0), young);

        var report = await _collector.CollectAsync(TimeSpan.Zero, Ct);

        Assert.Equal(3, report.LinksRemoved); // team/gone's config, shared and own
        Assert.Equal(2, report.BlobsDeleted); // its config and its own layer
        Assert.Equal(own.Length + ConfigFor("team/gone").Length, report.BytesFreed);
        Assert.Null(await _blobs.StatAsync(Digest.Compute(own), Ct));
        Assert.NotNull(await _blobs.StatAsync(Digest.Compute(shared), Ct));
        Assert.NotNull(await _manifests.FindAsync(Repo("team/kept"), Reference.ForTag("1"), Ct));
        Assert.NotNull(await _metadata.FindBlobLinkAsync("team/kept", Digest.Compute(shared), Ct));
        Assert.NotEqual(keptImage, goneImage);
        Assert.Equal(new GarbageCollectionReport(0, 0, 0), await _collector.CollectAsync(TimeSpan.Zero, Ct));

        // Each run is recorded, newest first, with what it freed.
        var runs = await _log.ListAsync(10, Ct);
        Assert.Equal(["completed", "completed", "completed"], runs.Select(r => r.Outcome));
        Assert.Equal([0L, report.BytesFreed, 0L], runs.Select(r => r.BytesFreed));
        Assert.Equal((3, 2), (runs[1].LinksRemoved, runs[1].BlobsDeleted));
        Assert.All(runs, r => Assert.True(r.EndedAt >= r.StartedAt));
    }

    [Fact]
    public async Task A_blob_deleted_through_the_api_in_every_repository_is_freed_unless_a_manifest_needs_it()
    {
        await _metadata.MigrateAsync(Ct);
        var loose = Bytes("pushed, never used");
        var used = Bytes("layer of an image");
        await _uploads.PushMonolithicAsync(Repo("a/b"), Digest.Compute(loose), new MemoryStream(loose), Ct);
        await PushImageAsync("a/b", "1", used);
        await _metadata.UnlinkBlobAsync("a/b", Digest.Compute(loose), Ct);
        await _metadata.UnlinkBlobAsync("a/b", Digest.Compute(used), Ct);

        var report = await _collector.CollectAsync(TimeSpan.FromDays(1), Ct);

        Assert.Equal(1, report.BlobsDeleted);
        Assert.Null(await _blobs.StatAsync(Digest.Compute(loose), Ct));
        Assert.NotNull(await _blobs.StatAsync(Digest.Compute(used), Ct));
    }

    [Fact]
    public async Task A_deletion_a_stopped_collector_left_halfway_is_finished_once_its_lease_is_over()
    {
        await _metadata.MigrateAsync(Ct);
        var (_, digest) = await PushOrphanAsync("orphan");
        Assert.True(await _metadata.BeginBlobDeletionAsync(digest, Ct)); // ...and the collector died here

        await _collector.CollectAsync(TimeSpan.Zero, Ct);
        Assert.NotNull(await _blobs.StatAsync(digest, Ct)); // it may only be slow: its deletion is its own for now
        var later = AfterTheLease();
        await new GarbageCollector(_blobs, MetadataAt(later), later).CollectAsync(TimeSpan.Zero, Ct);

        Assert.Null(await _blobs.StatAsync(digest, Ct));
        Assert.Empty(await _metadata.ListBlobDeletionsAsync(DateTimeOffset.MaxValue, Ct));
    }

    [Fact]
    public async Task An_upload_of_a_digest_whose_collector_died_finishes_the_deletion_and_stores_its_own_bytes()
    {
        await _metadata.MigrateAsync(Ct);
        var (content, digest) = await PushOrphanAsync("deleted, then pushed again");
        Assert.True(await _metadata.BeginBlobDeletionAsync(digest, Ct)); // the collector died between "begin" and "delete"
        var later = AfterTheLease();
        var uploads = new UploadService(_blobs, MetadataAt(later), new UploadHashCache(), later);

        await uploads.PushMonolithicAsync(Repo("c/d"), digest, new MemoryStream(content), Ct);
        await _collector.CollectAsync(TimeSpan.FromHours(1), Ct);

        Assert.Equal(content.Length, await _blobs.StatAsync(digest, Ct));
        Assert.Equal(content.Length, await _metadata.FindBlobLinkAsync("c/d", digest, Ct));
        Assert.Empty(await _metadata.ListBlobDeletionsAsync(DateTimeOffset.MaxValue, Ct));
    }

    [Fact]
    public async Task An_upload_waits_for_a_collector_deleting_its_digest_so_the_collector_never_deletes_the_new_bytes()
    {
        await _metadata.MigrateAsync(Ct);
        var (content, digest) = await PushOrphanAsync("being deleted slowly");
        var slow = new SlowDeleteBlobStore(_blobs);
        var collecting = Task.Run(() => new GarbageCollector(slow, _metadata, TimeProvider.System).CollectAsync(TimeSpan.Zero, Ct), Ct);
        await slow.DeleteReached.WaitAsync(Ct); // begun, and about to delete the bytes

        var pushing = Task.Run(() => _uploads.PushMonolithicAsync(Repo("c/d"), digest, new MemoryStream(content), Ct), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Assert.False(pushing.IsCompleted); // waiting for the collector, not deleting in its place
        slow.Release();
        await collecting;
        await pushing;

        // Had the upload finished the deletion itself, the collector's delete would now have removed the new bytes.
        Assert.Equal(content.Length, await _blobs.StatAsync(digest, Ct));
        Assert.Equal(content.Length, await _metadata.FindBlobLinkAsync("c/d", digest, Ct));
        Assert.Empty(await _metadata.ListBlobDeletionsAsync(DateTimeOffset.MaxValue, Ct));
    }

    [Fact]
    public async Task Pushes_racing_a_collector_that_never_stops_leave_no_manifest_without_its_blobs()
    {
        await _metadata.MigrateAsync(Ct);
        // Few distinct layers, many pushes: the same digests are deleted and pushed again over and over.
        var layers = Enumerable.Range(0, 4).Select(i => Bytes($"layer {i}")).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var collecting = Task.Run(async () =>
        {
            var runs = 0;
            while (!stop.IsCancellationRequested)
            {
                await _collector.CollectAsync(TimeSpan.Zero, CancellationToken.None);
                runs++;
            }

            return runs;
        }, Ct);

        var pushed = new System.Collections.Concurrent.ConcurrentBag<(string Repository, Digest Manifest)>();
        await Parallel.ForAsync(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct }, async (i, ct) =>
        {
            var repository = $"race/r{i % 5}";
            var tag = $"t{i}";
            try
            {
                pushed.Add((repository, await PushImageAsync(repository, tag, layers[i % 4], layers[(i + 1) % 4])));
                if (i % 3 == 0)
                {
                    // Delete some images again, so their blobs become garbage while others still push them.
                    await _manifests.DeleteAsync(Repo(repository), Reference.ForTag(tag), RegistryActor.Anonymous, ct);
                }
            }
            catch (RegistryException e) when (e.Code == OciErrorCode.ManifestBlobUnknown)
            {
                // The collector unlinked a layer between its upload and the manifest (grace period zero): a real
                // client would push the layer again. Not an inconsistency.
            }
        });
        await stop.CancelAsync();
        Assert.True(await collecting > 0);

        Assert.NotEmpty(pushed);
        foreach (var (repository, manifest) in pushed)
        {
            var stored = await _metadata.FindManifestAsync(repository, manifest, Ct);
            Assert.NotNull(stored);
            foreach (var blob in ManifestParser.Parse(stored.Content, stored.MediaType).RequiredBlobs)
            {
                Assert.NotNull(await _metadata.FindBlobLinkAsync(repository, blob.Digest, Ct));
                Assert.Equal(blob.Size, await _blobs.StatAsync(blob.Digest, Ct));
            }
        }
    }

    /// <summary>Pushes a blob to a/b and deletes it there again: stored, referenced by nothing.</summary>
    private async Task<(byte[] Content, Digest Digest)> PushOrphanAsync(string text)
    {
        var content = Bytes(text);
        var digest = Digest.Compute(content);
        await _uploads.PushMonolithicAsync(Repo("a/b"), digest, new MemoryStream(content), Ct);
        await _metadata.UnlinkBlobAsync("a/b", digest, Ct);
        return (content, digest);
    }

    /// <summary>Pushes a config and the layers, then a manifest naming them, tagged; returns the manifest digest.</summary>
    private async Task<Digest> PushImageAsync(string repository, string tag, params byte[][] layers)
    {
        var config = ConfigFor(repository);
        var descriptors = new List<string>();
        foreach (var blob in layers.Prepend(config))
        {
            var digest = Digest.Compute(blob);
            await _uploads.PushMonolithicAsync(Repo(repository), digest, new MemoryStream(blob), Ct);
            descriptors.Add($$"""{"mediaType":"application/octet-stream","digest":"{{digest}}","size":{{blob.Length}}}""");
        }

        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{{descriptors[0]}},"layers":[{{string.Join(',', descriptors.Skip(1))}}]}""");
        var stored = await _manifests.PutAsync(Repo(repository), Reference.ForTag(tag), manifest, MediaTypes.OciManifest, RegistryActor.Anonymous, Ct);
        return stored.Digest;
    }

    private static byte[] ConfigFor(string repository) => Bytes($$"""{"architecture":"amd64","os":"linux","repo":"{{repository}}"}""");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The same database, as a node whose clock says <paramref name="clock"/> sees it.</summary>
    private SqlMetadataStore MetadataAt(TimeProvider clock) => new(SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db")), clock);

    /// <summary>A clock past the lease of any deletion begun now: its collector must be gone.</summary>
    private static FakeTimeProvider AfterTheLease() => new(DateTimeOffset.UtcNow + BlobDeletionLease.Duration + TimeSpan.FromMinutes(1));

    private static RepositoryName Repo(string name) => RepositoryName.Parse(name);
}
