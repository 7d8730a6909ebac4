using System.Text;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Builds;

/// <summary>An ended build's log moved into the blob store (<see cref="BuildLogArchive"/>): the same text, its rows gone,
/// its blob kept by garbage collection while the build's row names it and collected once the row is pruned.</summary>
public abstract partial class BuildStoreContract
{
    [Fact]
    public async Task An_ended_builds_log_moves_into_one_blob_that_collection_keeps_while_the_build_is_kept()
    {
        var (store, archive, blobs, collector) = await CreateArchiveAsync();
        var claimed = await ClaimNewAsync(store, "w1");
        var id = claimed.Build.Id;
        // More than a page of rows, with an empty line and text that is not ASCII.
        var lines = Enumerable.Range(1, 2345).Select(i => i % 500 == 0 ? "" : $"line {i}: ünïcødé ✓ {new string('x', i % 70)}").ToList();
        foreach (var (batch, index) in lines.Chunk(500).Select((b, i) => (b, i)))
        {
            Assert.True(await store.AppendLogAsync(id, "w1", 1 + (index * 500), batch, Ct));
        }

        Assert.False(await archive.ArchiveAsync(id, Ct)); // still running: its log may grow
        await store.SucceedAsync(id, "w1", Digest.Compute([1]), Ct);
        var before = new List<string>();
        for (var page = await store.ReadLogAsync(id, 0, 1000, Ct); page.Count > 0; page = await store.ReadLogAsync(id, page[^1].Sequence, 1000, Ct))
        {
            before.AddRange(page.Select(l => l.Text));
        }

        Assert.True(await archive.ArchiveAsync(id, Ct));
        Assert.False(await archive.ArchiveAsync(id, Ct)); // once

        var moved = (await store.FindAsync(id, Ct))!.LogDigest;
        Assert.NotNull(moved);
        Assert.Equal(lines, before);
        Assert.Empty(await store.ReadLogAsync(id, 0, 10, Ct));
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), await ReadMovedAsync(archive, moved.Value));
        Assert.Equal(0, (await collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
        Assert.NotNull(await blobs.StatAsync(moved.Value, Ct));
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), await ReadMovedAsync(archive, moved.Value));

        Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await store.DeleteFinishedBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(1), Ct));
        Assert.Equal(1, (await collector.CollectAsync(TimeSpan.Zero, Ct)).BlobsDeleted);
        Assert.Null(await blobs.StatAsync(moved.Value, Ct));
    }

    [Fact]
    public async Task The_upkeep_moves_the_logs_of_builds_ended_without_a_worker_and_leaves_running_ones()
    {
        var (store, archive, _, _) = await CreateArchiveAsync();
        var cancelled = (await store.EnqueueAsync(Spec("team/app"), Ct)).Id;
        await store.RequestCancelAsync(cancelled, Ct);
        var running = (await ClaimNewAsync(store, "w1")).Build.Id;
        var given = (await ClaimNewAsync(store, "dead")).Build.Id;
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        await store.RenewAsync(running, "w1", Lease, Ct);
        await store.RecoverExpiredAsync(1, Ct); // gives up the dead worker's build
        Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(0, await archive.ArchiveEndedAsync(Time.GetUtcNow() - TimeSpan.FromMinutes(5), 10, Ct)); // ended too recently
        Assert.Equal(2, await archive.ArchiveEndedAsync(Time.GetUtcNow(), 10, Ct));
        Assert.Equal(0, await archive.ArchiveEndedAsync(Time.GetUtcNow(), 10, Ct));

        Assert.Equal("cancelled before a worker took it\n", await ReadMovedAsync(archive, (await store.FindAsync(cancelled, Ct))!.LogDigest!.Value));
        Assert.StartsWith("worker dead stopped answering", await ReadMovedAsync(archive, (await store.FindAsync(given, Ct))!.LogDigest!.Value), StringComparison.Ordinal);
        Assert.Null((await store.FindAsync(running, Ct))!.LogDigest);
        Assert.Empty(await store.ListLogsInRowsAsync(Time.GetUtcNow(), 10, Ct));
    }

    [Fact]
    public async Task Two_nodes_moving_one_log_record_one_blob_and_lose_no_line()
    {
        var (store, archive, blobs, _) = await CreateArchiveAsync();
        var other = new SqlBuildStore(OpenAgain(), Time);
        var otherArchive = new BuildLogArchive(other, new UploadService(blobs, new SqlMetadataStore(OpenAgain(), Time), new UploadHashCache(), Time), blobs);
        var id = (await ClaimNewAsync(store, "w1")).Build.Id;
        await store.AppendLogAsync(id, "w1", 1, [.. Enumerable.Range(1, 3000).Select(i => $"line {i}")], Ct);
        await store.FailAsync(id, "w1", "failed", Ct);

        var moves = await Task.WhenAll(archive.ArchiveAsync(id, Ct), otherArchive.ArchiveAsync(id, Ct));

        Assert.Single(moves, moved => moved);
        var text = await ReadMovedAsync(archive, (await store.FindAsync(id, Ct))!.LogDigest!.Value);
        Assert.Equal(string.Concat(Enumerable.Range(1, 3000).Select(i => $"line {i}\n")), text);
    }

    private async Task<(SqlBuildStore Store, BuildLogArchive Archive, InMemoryBlobStore Blobs, GarbageCollector Collector)> CreateArchiveAsync()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var metadata = new SqlMetadataStore(database, Time);
        var blobs = new InMemoryBlobStore(Time);
        var archive = new BuildLogArchive(store, new UploadService(blobs, metadata, new UploadHashCache(), Time), blobs);
        return (store, archive, blobs, new GarbageCollector(blobs, metadata, Time));
    }

    private static async Task<string> ReadMovedAsync(BuildLogArchive archive, Digest digest)
    {
        await using var log = await archive.OpenAsync(digest, Ct);
        using var reader = new StreamReader(log!, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }
}
