using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Uploads;

/// <summary>What the purger and the garbage collector do to this store's uploads and blobs.</summary>
public abstract partial class UploadServiceContract
{
    [Fact]
    public async Task Abandoned_sessions_and_staging_no_session_names_are_purged_once_older_than_the_cutoff()
    {
        var node = NewNode();
        var abandoned = await node.StartAsync(Repo, Ct);
        await node.AppendAsync(Repo, abandoned.Id, new MemoryStream(Bytes(70, 2000)), 0, Ct);
        // A node that died between writing a part and recording it.
        var orphan = UploadId.New();
        await Blobs.WritePartAsync(orphan, new MemoryStream(Bytes(71, 100)), Ct);

        Assert.Equal(0, await new UploadPurger(Blobs, Metadata, new UploadHashCache(), TimeProvider.System).PurgeAsync(TimeSpan.FromHours(1), Ct));
        var young = await StagedIdsAsync();
        Assert.Contains(abandoned.Id, young);
        Assert.Contains(orphan, young);
        Assert.NotNull(await Metadata.FindUploadAsync(abandoned.Id, Ct));

        var twoHoursLater = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(2, await new UploadPurger(Blobs, Metadata, new UploadHashCache(), twoHoursLater).PurgeAsync(TimeSpan.FromHours(1), Ct));

        Assert.Empty(await StagedIdsAsync());
        Assert.Null(await Metadata.FindUploadAsync(abandoned.Id, Ct));
        var e = await Assert.ThrowsAsync<RegistryException>(() => node.GetOffsetAsync(Repo, abandoned.Id, Ct));
        Assert.Equal(OciErrorCode.BlobUploadUnknown, e.Code);
    }

    [Fact]
    public async Task Garbage_collection_lists_this_store_and_deletes_only_unreferenced_blobs()
    {
        var (kept, freed) = (Bytes(80, 3000), Bytes(81, 4000));
        await NewNode().PushMonolithicAsync(Repo, Digest.Compute(kept), new MemoryStream(kept), Ct);
        await NewNode().PushMonolithicAsync(Repo, Digest.Compute(freed), new MemoryStream(freed), Ct);
        await Metadata.UnlinkBlobAsync(Repo.Value, Digest.Compute(freed), Ct);

        var report = await new GarbageCollector(Blobs, Metadata, TimeProvider.System).CollectAsync(TimeSpan.FromDays(1), Ct);

        Assert.Equal(1, report.BlobsDeleted);
        Assert.Equal(freed.Length, report.BytesFreed);
        Assert.Null(await Blobs.StatAsync(Digest.Compute(freed), Ct));
        await AssertStoredAsync(Digest.Compute(kept), kept);
    }
}
