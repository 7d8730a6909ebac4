using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Uploads;

public sealed class FileSystemUploadServiceTests : UploadServiceContract
{
    protected override Task<IBlobStore> CreateBlobStoreAsync(string root) => Task.FromResult<IBlobStore>(new FileSystemBlobStore(root));
}
