using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

public sealed class InMemoryBlobStoreTests : BlobStoreContract
{
    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new InMemoryBlobStore(TimeProvider.System));
}
