using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

public sealed class FileSystemBlobStoreTests : BlobStoreContract
{
    protected override IBlobStore CreateStore() => new FileSystemBlobStore(Directory.CreateTempSubdirectory("wharf-blobs-").FullName);
}
