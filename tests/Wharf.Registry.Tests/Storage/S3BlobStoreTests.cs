using Amazon.S3.Model;
using Wharf.Oci;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>The contract on a real Ceph RADOS Gateway, plus what only S3 has: presigned URLs and multipart uploads a
/// dead node left behind.</summary>
public sealed class S3BlobStoreTests(CephFixture ceph) : BlobStoreContract
{
    private readonly S3Stores _stores = new(ceph, typeof(S3BlobStoreTests));

    protected override async Task<IBlobStore> CreateStoreAsync() => await _stores.CreateAsync(TimeSpan.FromMinutes(5));

    [Fact]
    public async Task The_gateway_starts_and_says_how_long_it_took()
    {
        var gateway = await ceph.StartAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"Ceph RGW at {gateway.ServiceUrl} started in {gateway.StartupTime.TotalSeconds:0.0} s");
        Assert.True(gateway.StartupTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task Multipart_uploads_older_than_the_cutoff_are_aborted_and_younger_ones_kept()
    {
        var store = (S3BlobStore)await CreateStoreAsync();
        var s3 = await _stores.ClientAsync();
        var bucket = await ceph.BucketAsync(typeof(S3BlobStoreTests), Ct);
        // What a node that died mid-commit leaves: a multipart upload of a blob key, never completed. Its key is under
        // this store's prefix, found through a part the store wrote.
        var id = UploadId.New();
        await store.WritePartAsync(id, new MemoryStream([1]), Ct);
        var prefix = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "test-" }, Ct)).S3Objects!
            .Select(o => o.Key).Single(k => k.Contains(id, StringComparison.Ordinal)).Split("uploads/")[0];
        var digest = Digest.Compute([1]);
        await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = $"{prefix}blobs/sha256/{digest.Hex[..2]}/{digest.Hex}" }, Ct);

        Assert.Equal(0, await store.AbortStaleWritesAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct));
        Assert.Equal(1, await store.AbortStaleWritesAsync(DateTimeOffset.UtcNow.AddMinutes(1), Ct));
        Assert.Equal(0, await store.AbortStaleWritesAsync(DateTimeOffset.UtcNow.AddMinutes(1), Ct));
        var left = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = prefix }, Ct);
        Assert.Empty(left.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Without_a_redirect_lifetime_the_store_offers_no_download_url()
    {
        var store = await _stores.CreateAsync(redirectLifetime: null);

        Assert.Null(await store.FindDownloadUrlAsync(Digest.Compute([1]), Ct));
    }
}
