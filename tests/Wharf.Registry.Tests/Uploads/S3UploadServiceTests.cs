using Wharf.Registry.Storage;
using Wharf.Registry.Tests.Storage;

namespace Wharf.Registry.Tests.Uploads;

public sealed class S3UploadServiceTests(CephFixture ceph) : UploadServiceContract
{
    private readonly S3Stores _stores = new(ceph, typeof(S3UploadServiceTests));

    protected override async Task<IBlobStore> CreateBlobStoreAsync(string root) => await _stores.CreateAsync(TimeSpan.FromMinutes(5));
}
