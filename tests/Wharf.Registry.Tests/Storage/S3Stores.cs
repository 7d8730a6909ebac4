using Amazon.S3;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>S3 blob stores on the assembly's Ceph gateway: one bucket per test class, a fresh key prefix per store, so
/// every store starts empty. Listings page every 3 keys, so paging is exercised by the smallest test.</summary>
public sealed class S3Stores(CephFixture ceph, Type owner)
{
    private IAmazonS3? _client;

    public async Task<S3BlobStore> CreateAsync(TimeSpan? redirectLifetime = null)
    {
        var bucket = await ceph.BucketAsync(owner, TestContext.Current.CancellationToken);
        return new S3BlobStore(await ClientAsync(), new S3BlobStoreSettings(bucket)
        {
            Prefix = $"test-{UploadId.New()}",
            RedirectLifetime = redirectLifetime,
            ListPageSize = 3,
        }, TimeProvider.System);
    }

    /// <summary>A client as Wharf configures it (<see cref="S3Endpoint"/>), for looking behind a store's back.</summary>
    public async Task<IAmazonS3> ClientAsync()
    {
        var gateway = await ceph.StartAsync(TestContext.Current.CancellationToken);
        return _client ??= new S3Endpoint
        {
            ServiceUrl = gateway.ServiceUrl.ToString(),
            Region = gateway.Region,
            AccessKey = gateway.AccessKey,
            SecretKey = gateway.SecretKey,
        }.CreateClient();
    }
}
