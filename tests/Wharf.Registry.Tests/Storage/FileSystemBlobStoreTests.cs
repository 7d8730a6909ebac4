using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

public sealed class FileSystemBlobStoreTests : BlobStoreContract
{
    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new FileSystemBlobStore(Directory.CreateTempSubdirectory("wharf-blobs-").FullName));
}
