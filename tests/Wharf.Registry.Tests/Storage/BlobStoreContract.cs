using System.Text;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do (filesystem, in memory, S3 on a real Ceph gateway). Each
/// backend's test class derives from this; see also the Parts and Staging halves.</summary>
public abstract partial class BlobStoreContract
{
    protected const int MiB = 1024 * 1024;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_blob_committed_from_parts_is_readable_under_its_digest_from_any_offset()
    {
        var store = await CreateStoreAsync();
        var content = Encoding.UTF8.GetBytes("hello blob");
        var digest = Digest.Compute(content);
        var id = UploadId.New();

        var parts = new[] { await WriteAsync(store, id, content[..5]), await WriteAsync(store, id, content[5..]) };
        Assert.Equal([5L, 5L], parts.Select(p => p.Length));
        Assert.NotEqual(parts[0].Id, parts[1].Id);
        Assert.Null(await store.StatAsync(digest, Ct));
        await store.CommitPartsAsync(id, parts, digest, Ct);

        Assert.Equal(content.Length, await store.StatAsync(digest, Ct));
        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
        Assert.Equal(content[3..], await ReadAllAsync(store, digest, 3));
        Assert.Empty(await ReadAllAsync(store, digest, content.Length));
        Assert.Equal([digest], await ToListAsync(store.ListAsync(Ct)));
    }

    [Fact]
    public async Task Committing_a_blob_that_exists_is_idempotent_and_concurrent_commits_agree()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(7, 300_000);
        var digest = Digest.Compute(content);
        var first = UploadId.New();
        var firstParts = new[] { await WriteAsync(store, first, content[..100_000]), await WriteAsync(store, first, content[100_000..]) };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.CommitPartsAsync(first, firstParts, digest, Ct), Ct)));
        var second = UploadId.New();
        await store.CommitPartsAsync(second, [await WriteAsync(store, second, content)], digest, Ct);
        await store.DeleteUploadAsync(first, Ct);
        await store.CommitPartsAsync(first, firstParts, digest, Ct); // its parts are gone, but the blob is there

        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
        Assert.Equal([digest], await ToListAsync(store.ListAsync(Ct)));
    }

    [Fact]
    public async Task A_single_part_committed_by_several_completers_at_once_is_committed_once_and_whole()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(8, 2 * MiB + 3);
        var digest = Digest.Compute(content);
        var id = UploadId.New();
        var part = await WriteAsync(store, id, content);

        // As the upload service does it: each completer commits, and the first to finish removes the staging.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await store.CommitPartsAsync(id, [part], digest, Ct);
            await store.DeleteUploadAsync(id, Ct);
        }, Ct)));

        Assert.Equal(content, await ReadAllAsync(store, digest, 0));
        Assert.DoesNotContain(id, (await ToListAsync(store.ListUploadsAsync(Ct))).Select(u => u.UploadId));
    }

    [Fact]
    public async Task Committing_parts_that_are_gone_is_blob_upload_unknown_and_commits_nothing()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(9, 1000);
        var digest = Digest.Compute(content);
        var id = UploadId.New();
        var part = await WriteAsync(store, id, content);
        await store.DeleteUploadAsync(id, Ct);

        var e = await Assert.ThrowsAsync<RegistryException>(() => store.CommitPartsAsync(id, [part], digest, Ct));

        Assert.Equal(OciErrorCode.BlobUploadUnknown, e.Code);
        Assert.Null(await store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task The_empty_blob_can_be_committed_without_any_part()
    {
        var store = await CreateStoreAsync();
        var digest = Digest.Compute([]);
        await store.CommitPartsAsync(UploadId.New(), [], digest, Ct);

        Assert.Equal(0, await store.StatAsync(digest, Ct));
        Assert.Empty(await ReadAllAsync(store, digest, 0));
    }

    [Fact]
    public async Task Absent_blobs_are_null_and_delete_is_idempotent()
    {
        var store = await CreateStoreAsync();
        var digest = Digest.Compute([42]);

        Assert.Null(await store.StatAsync(digest, Ct));
        Assert.Null(await store.OpenReadAsync(digest, 0, Ct));
        Assert.False(await store.DeleteAsync(digest, Ct));

        var id = UploadId.New();
        await store.CommitPartsAsync(id, [await WriteAsync(store, id, [42])], digest, Ct);
        Assert.True(await store.DeleteAsync(digest, Ct));
        Assert.False(await store.DeleteAsync(digest, Ct));
        Assert.Null(await store.StatAsync(digest, Ct));
        Assert.Empty(await ToListAsync(store.ListAsync(Ct)));
    }

    [Fact]
    public async Task A_download_url_when_offered_serves_exactly_the_blob_and_its_ranges()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(10, 100_000);
        var digest = Digest.Compute(content);
        var id = UploadId.New();
        await store.CommitPartsAsync(id, [await WriteAsync(store, id, content)], digest, Ct);

        if (await store.FindDownloadUrlAsync(digest, Ct) is not { } url)
        {
            return; // this backend serves the bytes itself
        }

        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url, Ct));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1000, 1999);
        using var response = await http.SendAsync(ranged, Ct);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(content[1000..2000], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    protected static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static Task<StagedPart> WriteAsync(IBlobStore store, string uploadId, byte[] content) =>
        store.WritePartAsync(uploadId, new MemoryStream(content), Ct);

    protected static async Task<byte[]> ReadAllAsync(IBlobStore store, Digest digest, long offset)
    {
        await using var stream = await store.OpenReadAsync(digest, offset, Ct);
        Assert.NotNull(stream);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    protected static async Task<byte[]> ReadPartsAsync(IBlobStore store, string uploadId, IReadOnlyList<StagedPart> parts)
    {
        await using var stream = await store.OpenPartsAsync(uploadId, parts, Ct);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
