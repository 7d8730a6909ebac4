using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>The timing decorator the host wraps around every backend keeps the blob-store contract: the shared suite,
/// run through it over the filesystem backend.</summary>
public sealed class InstrumentedBlobStoreTests : BlobStoreContract
{
    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new InstrumentedBlobStore(new FileSystemBlobStore(Directory.CreateTempSubdirectory("wharf-blobs-").FullName)));
}
