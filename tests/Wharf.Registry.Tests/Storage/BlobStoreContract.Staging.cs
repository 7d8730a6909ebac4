using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>Staging: parts are listed per upload for the purger, deleted one by one or all together, and a write
/// that fails leaves nothing an upload could mistake for its bytes.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task Staged_uploads_are_listed_with_their_last_write_and_deleted_whole()
    {
        var store = await CreateStoreAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var ids = Enumerable.Range(0, 4).Select(_ => UploadId.New()).ToList();
        foreach (var id in ids)
        {
            await WriteAsync(store, id, [1, 2]);
            await WriteAsync(store, id, [3]);
        }

        var listed = await ToListAsync(store.ListUploadsAsync(Ct));
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(u => u.UploadId).Order(StringComparer.Ordinal));
        Assert.All(listed, u => Assert.InRange(u.LastWrittenAt, before, DateTimeOffset.UtcNow.AddSeconds(5)));

        await store.DeleteUploadAsync(ids[0], Ct);
        await store.DeleteUploadAsync(ids[0], Ct);
        await store.DeleteUploadAsync(UploadId.New(), Ct);
        Assert.Equal(ids[1..].Order(StringComparer.Ordinal), (await ToListAsync(store.ListUploadsAsync(Ct))).Select(u => u.UploadId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_deleted_part_or_an_unknown_one_reads_as_blob_upload_unknown()
    {
        var store = await CreateStoreAsync();
        var id = UploadId.New();
        var kept = await WriteAsync(store, id, [1, 2, 3]);
        var deleted = await WriteAsync(store, id, [4, 5]);
        await store.DeletePartAsync(id, deleted.Id, Ct);
        await store.DeletePartAsync(id, deleted.Id, Ct);

        Assert.Equal([1, 2, 3], await ReadPartsAsync(store, id, [kept]));
        var gone = await Assert.ThrowsAsync<RegistryException>(() => ReadPartsAsync(store, id, [kept, deleted]));
        Assert.Equal(OciErrorCode.BlobUploadUnknown, gone.Code);
        var unknown = await Assert.ThrowsAsync<RegistryException>(() => ReadPartsAsync(store, id, [new StagedPart(UploadId.New(), 1)]));
        Assert.Equal(OciErrorCode.BlobUploadUnknown, unknown.Code);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(12 * MiB)]
    public async Task A_write_whose_body_fails_leaves_no_part_and_no_unfinished_write(int failAfter)
    {
        var store = await CreateStoreAsync();
        var id = UploadId.New();
        var content = Bytes(11, failAfter + 10);

        await Assert.ThrowsAsync<IOException>(() => store.WritePartAsync(id, new FailingStream(content, failAfter), Ct));
        var part = await WriteAsync(store, id, content);

        Assert.Equal(content, await ReadPartsAsync(store, id, [part]));
        Assert.Equal(0, await store.AbortStaleWritesAsync(DateTimeOffset.UtcNow.AddDays(1), Ct));
        await store.CommitPartsAsync(id, [part], Digest.Compute(content), Ct);
        Assert.Equal(content, await ReadAllAsync(store, Digest.Compute(content), 0));
    }

    [Fact]
    public async Task Many_blobs_are_all_listed()
    {
        var store = await CreateStoreAsync();
        var digests = new List<Digest>();
        for (var i = 0; i < 7; i++)
        {
            var content = Bytes(200 + i, 10 + i);
            var id = UploadId.New();
            digests.Add(Digest.Compute(content));
            await store.CommitPartsAsync(id, [await WriteAsync(store, id, content)], digests[^1], Ct);
        }

        Assert.Equal(digests.Select(d => d.ToString()).Order(StringComparer.Ordinal), (await ToListAsync(store.ListAsync(Ct))).Select(d => d.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("")]
    public async Task Upload_and_part_names_that_are_not_ours_are_refused(string name)
    {
        var store = await CreateStoreAsync();
        var valid = UploadId.New();

        await Assert.ThrowsAsync<RegistryException>(() => store.WritePartAsync(name, new MemoryStream([1]), Ct));
        await Assert.ThrowsAsync<RegistryException>(() => store.DeleteUploadAsync(name, Ct));
        await Assert.ThrowsAsync<RegistryException>(() => store.DeletePartAsync(valid, name, Ct));
        await Assert.ThrowsAsync<RegistryException>(() => ReadPartsAsync(store, valid, [new StagedPart(name, 1)]));
        await Assert.ThrowsAsync<RegistryException>(() => store.CommitPartsAsync(valid, [new StagedPart(name, 1)], Digest.Compute([1]), Ct));
    }

    /// <summary>Yields <c>failAfter</c> bytes, then fails the way a client that went away does.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new IOException("the client went away");
            }

            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}
