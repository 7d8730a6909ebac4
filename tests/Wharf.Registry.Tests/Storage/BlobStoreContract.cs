using System.Text;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do. Each backend's test class derives from this.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore CreateStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_committed_upload_is_readable_under_its_digest()
    {
        var store = CreateStore();
        var content = Encoding.UTF8.GetBytes("hello blob");
        var digest = Digest.Compute(content);
        var id = UploadId.New();

        Assert.Equal(5, await store.AppendUploadAsync(id, 0, new MemoryStream(content[..5]), Ct));
        Assert.Equal(content.Length, await store.AppendUploadAsync(id, 5, new MemoryStream(content[5..]), Ct));
        Assert.Null(await store.StatAsync(digest, Ct));
        await store.CommitUploadAsync(id, digest, Ct);

        Assert.Equal(content.Length, await store.StatAsync(digest, Ct));
        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
        Assert.Equal(content[3..], await ReadAllAsync(store, digest, 3));
        Assert.Equal(0, await store.GetUploadSizeAsync(id, Ct));
    }

    [Fact]
    public async Task Appends_of_many_megabytes_at_unaligned_offsets_keep_every_byte()
    {
        var store = CreateStore();
        var content = new byte[21 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        var digest = Digest.Compute(content);
        var id = UploadId.New();
        var cuts = new[] { 0, 3 * 1024 * 1024 + 5, 11 * 1024 * 1024, content.Length };

        for (var i = 0; i < cuts.Length - 1; i++)
        {
            Assert.Equal(cuts[i + 1], await store.AppendUploadAsync(id, cuts[i], new MemoryStream(content[cuts[i]..cuts[i + 1]]), Ct));
        }

        await store.CommitUploadAsync(id, digest, Ct);
        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
    }

    [Fact]
    public async Task An_append_at_the_wrong_offset_writes_nothing()
    {
        var store = CreateStore();
        var id = UploadId.New();
        await store.AppendUploadAsync(id, 0, new MemoryStream([1, 2, 3]), Ct);

        var e = await Assert.ThrowsAsync<RegistryException>(() => store.AppendUploadAsync(id, 1, new MemoryStream([9]), Ct));

        Assert.Equal(OciErrorCode.RangeInvalid, e.Code);
        Assert.Equal(3, await store.GetUploadSizeAsync(id, Ct));
    }

    [Fact]
    public async Task The_size_of_an_upload_being_appended_is_read_after_the_append_finishes()
    {
        var store = CreateStore();
        var id = UploadId.New();
        await store.AppendUploadAsync(id, 0, new MemoryStream([1]), Ct);
        var started = new TaskCompletionSource();
        var append = store.AppendUploadAsync(id, 1, new SlowStream([2, 3, 4], started), Ct);
        await started.Task;

        Assert.Equal(4, await store.GetUploadSizeAsync(id, Ct));
        Assert.Equal(4, await append);
    }

    [Fact]
    public async Task Committing_an_existing_blob_again_is_idempotent()
    {
        var store = CreateStore();
        var content = new byte[] { 7, 7, 7 };
        var digest = Digest.Compute(content);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var id = UploadId.New();
            await store.AppendUploadAsync(id, 0, new MemoryStream(content), Ct);
            await store.CommitUploadAsync(id, digest, Ct);
        }

        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
        Assert.Equal([digest], await ToListAsync(store.ListAsync(Ct)));
        Assert.Empty(await ToListAsync(store.ListUploadsAsync(Ct)));
    }

    [Fact]
    public async Task The_empty_blob_can_be_committed_without_any_append()
    {
        var store = CreateStore();
        var digest = Digest.Compute([]);
        await store.CommitUploadAsync(UploadId.New(), digest, Ct);

        Assert.Equal(0, await store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Absent_blobs_are_null_and_delete_is_idempotent()
    {
        var store = CreateStore();
        var digest = Digest.Compute([42]);

        Assert.Null(await store.StatAsync(digest, Ct));
        Assert.Null(await store.OpenReadAsync(digest, 0, Ct));
        Assert.False(await store.DeleteAsync(digest, Ct));

        var id = UploadId.New();
        await store.AppendUploadAsync(id, 0, new MemoryStream([42]), Ct);
        await store.CommitUploadAsync(id, digest, Ct);
        Assert.True(await store.DeleteAsync(digest, Ct));
        Assert.Null(await store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Staged_uploads_can_be_read_listed_and_deleted()
    {
        var store = CreateStore();
        var id = UploadId.New();
        await store.AppendUploadAsync(id, 0, new MemoryStream([1, 2]), Ct);

        await using (var staged = await store.OpenUploadAsync(id, Ct))
        {
            var buffer = new MemoryStream();
            await staged.CopyToAsync(buffer, Ct);
            Assert.Equal([1, 2], buffer.ToArray());
        }

        Assert.Contains(id, await ToListAsync(store.ListUploadsAsync(Ct)));
        await store.DeleteUploadAsync(id, Ct);
        await store.DeleteUploadAsync(id, Ct);
        Assert.Equal(0, await store.GetUploadSizeAsync(id, Ct));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("")]
    public async Task Upload_ids_that_are_not_ours_are_refused(string id)
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<RegistryException>(() => store.AppendUploadAsync(id, 0, new MemoryStream([1]), Ct));
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, Digest digest, long offset)
    {
        await using var stream = await store.OpenReadAsync(digest, offset, Ct);
        Assert.NotNull(stream);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Yields one byte, signals, then waits a little before each further byte: an append still in progress.</summary>
    private sealed class SlowStream(byte[] bytes, TaskCompletionSource started) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position > 0)
            {
                await Task.Delay(100, cancellationToken);
            }

            var n = await base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
            started.TrySetResult();
            return n;
        }
    }
}
