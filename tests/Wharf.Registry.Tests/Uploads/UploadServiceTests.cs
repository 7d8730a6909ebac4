using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Uploads;

/// <summary>The upload engine on the real embedded backends (filesystem + SQLite).</summary>
public sealed class UploadServiceTests
{
    private static readonly RepositoryName Repo = RepositoryName.Parse("team/app");
    private readonly FileSystemBlobStore _blobs;
    private readonly SqlMetadataStore _metadata;

    public UploadServiceTests()
    {
        var root = Directory.CreateTempSubdirectory("wharf-uploads-").FullName;
        _blobs = new FileSystemBlobStore(root);
        _metadata = new SqlMetadataStore(SqlDatabase.Sqlite(Path.Combine(root, "wharf.db")), TimeProvider.System);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chunked_upload_continues_on_another_node_without_the_cached_hash()
    {
        await _metadata.MigrateAsync(Ct);
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        var digest = Digest.Compute(content);
        var nodeA = NewService();
        var session = await nodeA.StartAsync(Repo, Ct);
        await nodeA.AppendAsync(Repo, session.Id, new MemoryStream(content[..70_000]), 0, Ct);

        // A second service with its own (empty) hash cache stands for another node or a restarted process.
        var nodeB = NewService();
        Assert.Equal(70_000, await nodeB.GetOffsetAsync(Repo, session.Id, Ct));
        await nodeB.AppendAsync(Repo, session.Id, new MemoryStream(content[70_000..150_000]), 70_000, Ct);
        await nodeA.CompleteAsync(Repo, session.Id, digest, new MemoryStream(content[150_000..]), null, Ct);

        Assert.Equal(content.Length, await _metadata.FindBlobLinkAsync(Repo.Value, digest, Ct));
        Assert.Null(await _metadata.FindUploadAsync(session.Id, Ct));
    }

    [Fact]
    public async Task A_crash_between_commit_and_link_is_finished_by_the_next_put()
    {
        await _metadata.MigrateAsync(Ct);
        var content = new byte[] { 4, 5, 6, 7 };
        var digest = Digest.Compute(content);
        var service = NewService();
        var session = await service.StartAsync(Repo, Ct);
        await service.AppendAsync(Repo, session.Id, new MemoryStream(content), 0, Ct);

        // What CompleteAsync does before the link, and where a kill -9 may stop it.
        await _metadata.MarkUploadCompletingAsync(session.Id, digest, Ct);
        await _blobs.CommitUploadAsync(session.Id, digest, Ct);

        var restarted = NewService();
        Assert.Equal(content.Length, await restarted.GetOffsetAsync(Repo, session.Id, Ct));
        Assert.Equal(content.Length, await restarted.CompleteAsync(Repo, session.Id, digest, null, null, Ct));
        Assert.Equal(content.Length, await _metadata.FindBlobLinkAsync(Repo.Value, digest, Ct));
        Assert.Null(await _metadata.FindUploadAsync(session.Id, Ct));
    }

    [Fact]
    public async Task A_sha512_digest_is_verified_too()
    {
        await _metadata.MigrateAsync(Ct);
        var content = new byte[] { 1, 2, 3 };
        var digest = Digest.Compute(content, Digest.Sha512);

        await NewService().PushMonolithicAsync(Repo, digest, new MemoryStream(content), Ct);

        Assert.Equal(3, await _blobs.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task A_wrong_digest_commits_nothing_and_cancels_the_upload()
    {
        await _metadata.MigrateAsync(Ct);
        var service = NewService();
        var session = await service.StartAsync(Repo, Ct);
        var wrong = Digest.Compute([9, 9]);

        var e = await Assert.ThrowsAsync<RegistryException>(() => service.CompleteAsync(Repo, session.Id, wrong, new MemoryStream([1, 2]), null, Ct));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.Null(await _blobs.StatAsync(wrong, Ct));
        Assert.Null(await _blobs.StatAsync(Digest.Compute([1, 2]), Ct));
        Assert.Null(await _metadata.FindUploadAsync(session.Id, Ct));
    }

    [Fact]
    public async Task An_upload_is_only_reachable_through_its_own_repository()
    {
        await _metadata.MigrateAsync(Ct);
        var service = NewService();
        var session = await service.StartAsync(Repo, Ct);

        var e = await Assert.ThrowsAsync<RegistryException>(() => service.GetOffsetAsync(RepositoryName.Parse("other/app"), session.Id, Ct));

        Assert.Equal(OciErrorCode.BlobUploadUnknown, e.Code);
    }

    [Fact]
    public async Task Mounting_needs_the_blob_linked_in_the_source()
    {
        await _metadata.MigrateAsync(Ct);
        var service = NewService();
        var content = new byte[] { 5 };
        var digest = Digest.Compute(content);
        await service.PushMonolithicAsync(Repo, digest, new MemoryStream(content), Ct);
        var target = RepositoryName.Parse("other/app");

        Assert.False(await service.TryMountAsync(target, digest, RepositoryName.Parse("nobody/app"), Ct));
        Assert.True(await service.TryMountAsync(target, digest, Repo, Ct));
        Assert.Equal(1, await _metadata.FindBlobLinkAsync(target.Value, digest, Ct));
    }

    private UploadService NewService() => new(_blobs, _metadata, new UploadHashCache(), TimeProvider.System);
}
