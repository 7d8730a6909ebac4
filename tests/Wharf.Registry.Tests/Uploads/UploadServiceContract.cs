using System.Globalization;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Uploads;

/// <summary>The upload flow (decision 009) on SQLite and each blob store: filesystem, in memory, S3 on a real Ceph
/// gateway. A "node" is an <see cref="UploadService"/> with its own hash cache over the shared database and store.
/// See also the Concurrency and Maintenance halves.</summary>
public abstract partial class UploadServiceContract : IAsyncLifetime
{
    protected const int MiB = 1024 * 1024;
    protected static readonly RepositoryName Repo = RepositoryName.Parse("team/app");
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-uploads-").FullName;
    private SqlMetadataStore? _metadata;
    private IBlobStore? _blobs;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IBlobStore Blobs => _blobs!;

    protected SqlMetadataStore Metadata => _metadata!;

    /// <summary>A new, empty store; <paramref name="root"/> is this test's own directory.</summary>
    protected abstract Task<IBlobStore> CreateBlobStoreAsync(string root);

    public async ValueTask InitializeAsync()
    {
        _metadata = new SqlMetadataStore(SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db")), TimeProvider.System);
        await _metadata.MigrateAsync(Ct);
        _blobs = await CreateBlobStoreAsync(_root);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_chunked_upload_continues_on_another_node_without_the_cached_hash()
    {
        var content = Bytes(1, 200_000);
        var digest = Digest.Compute(content);
        var nodeA = NewNode();
        var session = await nodeA.StartAsync(Repo, Ct);
        await nodeA.AppendAsync(Repo, session.Id, new MemoryStream(content[..70_000]), 0, Ct);

        var nodeB = NewNode();
        Assert.Equal(70_000, await nodeB.GetOffsetAsync(Repo, session.Id, Ct));
        await nodeB.AppendAsync(Repo, session.Id, new MemoryStream(content[70_000..150_000]), 70_000, Ct);
        await nodeA.CompleteAsync(Repo, session.Id, digest, new MemoryStream(content[150_000..]), null, Ct);

        await AssertStoredAsync(digest, content);
        Assert.Null(await Metadata.FindUploadAsync(session.Id, Ct));
    }

    [Fact]
    public async Task Chunks_taken_in_turn_by_three_nodes_are_read_back_once_at_completion()
    {
        // Behind a round-robin balancer no node ever holds the hash of the chunks before its own; re-reading the
        // prefix on each chunk would read back the square of the blob's size.
        var counting = new PartReadCountingBlobStore(Blobs);
        UploadService[] nodes = [.. Enumerable.Range(0, 3).Select(_ => new UploadService(counting, Metadata, new UploadHashCache(), TimeProvider.System))];
        var chunks = Enumerable.Range(0, 6).Select(i => Bytes(40 + i, 50_000)).ToList();
        var content = chunks.SelectMany(c => c).ToArray();
        var digest = Digest.Compute(content);
        var session = await nodes[0].StartAsync(Repo, Ct);

        var offset = 0L;
        for (var i = 0; i < chunks.Count; i++)
        {
            offset = await nodes[i % nodes.Length].AppendAsync(Repo, session.Id, new MemoryStream(chunks[i]), offset, Ct);
        }

        await nodes[chunks.Count % nodes.Length].CompleteAsync(Repo, session.Id, digest, null, null, Ct);

        await AssertStoredAsync(digest, content);
        Assert.Equal(content.Length, counting.BytesOpened);
    }

    [Fact]
    public async Task A_node_that_took_every_chunk_completes_without_reading_them_back()
    {
        var counting = new PartReadCountingBlobStore(Blobs);
        var node = new UploadService(counting, Metadata, new UploadHashCache(), TimeProvider.System);
        var content = Bytes(50, 120_000);
        var digest = Digest.Compute(content);
        var session = await node.StartAsync(Repo, Ct);

        var offset = await node.AppendAsync(Repo, session.Id, new MemoryStream(content[..40_000]), 0, Ct);
        offset = await node.AppendAsync(Repo, session.Id, new MemoryStream(content[40_000..80_000]), offset, Ct);
        await node.CompleteAsync(Repo, session.Id, digest, new MemoryStream(content[80_000..]), offset, Ct);

        await AssertStoredAsync(digest, content);
        Assert.Equal(0, counting.BytesOpened);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("5M-1,1")]
    [InlineData("5M,5M+1")]
    [InlineData("0,1,0,5M-1,5M,5M+1,2")]
    public async Task Chunks_of_any_size_make_the_blob_they_add_up_to(string sizes)
    {
        var chunks = sizes.Split(',').Select(ParseSize).Select((size, i) => Bytes(10 + i, size)).ToList();
        var content = chunks.SelectMany(c => c).ToArray();
        var digest = Digest.Compute(content);
        var node = NewNode();
        var session = await node.StartAsync(Repo, Ct);

        var offset = 0L;
        foreach (var chunk in chunks)
        {
            offset = await node.AppendAsync(Repo, session.Id, new MemoryStream(chunk), offset, Ct);
        }

        Assert.Equal(content.Length, offset);
        Assert.Equal(content.Length, await node.CompleteAsync(Repo, session.Id, digest, null, null, Ct));
        await AssertStoredAsync(digest, content);
    }

    [Fact]
    public async Task A_blob_of_more_than_64_MiB_pushed_in_small_and_large_chunks_through_two_nodes_is_stored_exactly()
    {
        int[] sizes = [3 * MiB, 1, 7 * MiB, 5 * MiB - 1, 5 * MiB, 2 * MiB, 2 * MiB, 12 * MiB, 1024, 5 * MiB + 1, 4 * MiB, 20 * MiB];
        var content = Bytes(64, sizes.Sum());
        var digest = Digest.Compute(content);
        var (nodeA, nodeB) = (NewNode(), NewNode());
        var session = await nodeA.StartAsync(Repo, Ct);

        var offset = 0L;
        for (var i = 0; i < sizes.Length; i++)
        {
            // The first half through A, the rest through B, completed on A, whose cached hash is then stale.
            var node = i < sizes.Length / 2 ? nodeA : nodeB;
            offset = await node.AppendAsync(Repo, session.Id, new MemoryStream(content, (int)offset, sizes[i], writable: false), offset, Ct);
        }

        Assert.Equal(content.Length, await nodeA.CompleteAsync(Repo, session.Id, digest, null, null, Ct));
        Assert.True(content.Length > 64 * MiB);
        await AssertStoredAsync(digest, content);
    }

    [Fact]
    public async Task A_crash_between_commit_and_link_is_finished_by_the_next_put()
    {
        var content = new byte[] { 4, 5, 6, 7 };
        var digest = Digest.Compute(content);
        var node = NewNode();
        var session = await node.StartAsync(Repo, Ct);
        await node.AppendAsync(Repo, session.Id, new MemoryStream(content[..2]), 0, Ct);
        await node.AppendAsync(Repo, session.Id, new MemoryStream(content[2..]), 2, Ct);

        // What CompleteAsync does before the link, and where a kill -9 may stop it.
        await Metadata.MarkUploadCompletingAsync(session.Id, digest, Ct);
        await Blobs.CommitPartsAsync(session.Id, await Metadata.ListUploadPartsAsync(session.Id, Ct), digest, Ct);

        var restarted = NewNode();
        Assert.Equal(content.Length, await restarted.GetOffsetAsync(Repo, session.Id, Ct));
        Assert.Equal(content.Length, await restarted.CompleteAsync(Repo, session.Id, digest, null, null, Ct));
        await AssertStoredAsync(digest, content);
        Assert.Null(await Metadata.FindUploadAsync(session.Id, Ct));
        Assert.DoesNotContain(session.Id, await StagedIdsAsync());
    }

    [Fact]
    public async Task A_sha512_digest_is_verified_too()
    {
        var content = new byte[] { 1, 2, 3 };
        var digest = Digest.Compute(content, Digest.Sha512);

        await NewNode().PushMonolithicAsync(Repo, digest, new MemoryStream(content), Ct);

        await AssertStoredAsync(digest, content);
    }

    [Fact]
    public async Task A_wrong_digest_commits_nothing_and_cancels_the_upload()
    {
        var node = NewNode();
        var session = await node.StartAsync(Repo, Ct);
        var wrong = Digest.Compute([9, 9]);

        var e = await Assert.ThrowsAsync<RegistryException>(() => node.CompleteAsync(Repo, session.Id, wrong, new MemoryStream([1, 2]), null, Ct));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.Null(await Blobs.StatAsync(wrong, Ct));
        Assert.Null(await Blobs.StatAsync(Digest.Compute([1, 2]), Ct));
        Assert.Null(await Metadata.FindUploadAsync(session.Id, Ct));
        Assert.DoesNotContain(session.Id, await StagedIdsAsync());
    }

    [Fact]
    public async Task An_upload_is_only_reachable_through_its_own_repository()
    {
        var node = NewNode();
        var session = await node.StartAsync(Repo, Ct);

        var e = await Assert.ThrowsAsync<RegistryException>(() => node.GetOffsetAsync(RepositoryName.Parse("other/app"), session.Id, Ct));

        Assert.Equal(OciErrorCode.BlobUploadUnknown, e.Code);
    }

    [Fact]
    public async Task The_same_blob_pushed_twice_is_stored_once_and_linked_for_both()
    {
        var content = Bytes(2, 5000);
        var digest = Digest.Compute(content);
        await NewNode().PushMonolithicAsync(Repo, digest, new MemoryStream(content), Ct);
        await NewNode().PushMonolithicAsync(RepositoryName.Parse("other/app"), digest, new MemoryStream(content), Ct);

        await AssertStoredAsync(digest, content);
        Assert.Equal(content.Length, await Metadata.FindBlobLinkAsync("other/app", digest, Ct));
        Assert.Empty(await StagedIdsAsync());
    }

    [Fact]
    public async Task Mounting_needs_the_blob_linked_in_the_source()
    {
        var node = NewNode();
        var content = new byte[] { 5 };
        var digest = Digest.Compute(content);
        await node.PushMonolithicAsync(Repo, digest, new MemoryStream(content), Ct);
        var target = RepositoryName.Parse("other/app");

        Assert.False(await node.TryMountAsync(target, digest, RepositoryName.Parse("nobody/app"), Ct));
        Assert.True(await node.TryMountAsync(target, digest, Repo, Ct));
        Assert.Equal(1, await Metadata.FindBlobLinkAsync(target.Value, digest, Ct));
    }

    protected UploadService NewNode() => new(Blobs, Metadata, new UploadHashCache(), TimeProvider.System);

    protected static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The blob is stored with exactly these bytes and linked into <see cref="Repo"/> with their size.</summary>
    protected async Task AssertStoredAsync(Digest digest, byte[] content)
    {
        Assert.Equal(content.Length, await Blobs.StatAsync(digest, Ct));
        await using var stored = await Blobs.OpenReadAsync(digest, 0, Ct);
        Assert.NotNull(stored);
        var buffer = new byte[MiB];
        var read = 0;
        int n;
        while ((n = await stored.ReadAsync(buffer, Ct)) > 0)
        {
            Assert.True(buffer.AsSpan(0, n).SequenceEqual(content.AsSpan(read, n)), $"bytes differ within {read}..{read + n}");
            read += n;
        }

        Assert.Equal(content.Length, read);
        Assert.Equal(content.Length, await Metadata.FindBlobLinkAsync(Repo.Value, digest, Ct));
    }

    protected async Task<List<string>> StagedIdsAsync()
    {
        var ids = new List<string>();
        await foreach (var staged in Blobs.ListUploadsAsync(Ct))
        {
            ids.Add(staged.UploadId);
        }

        return ids;
    }

    /// <summary>"5M-1" → 5 MiB − 1.</summary>
    private static int ParseSize(string size)
    {
        var mib = size.IndexOf('M', StringComparison.Ordinal);
        return mib < 0
            ? int.Parse(size, CultureInfo.InvariantCulture)
            : (int.Parse(size[..mib], CultureInfo.InvariantCulture) * MiB)
                + (mib + 1 < size.Length ? int.Parse(size[(mib + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0);
    }
}
