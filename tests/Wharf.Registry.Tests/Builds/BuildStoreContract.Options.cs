using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;

namespace Wharf.Registry.Tests.Builds;

/// <summary>The options of <c>wharf build</c> a server build keeps (migration 022) read back as they were queued, and a
/// build queued without them reads back with a local build's defaults (a retry keeps them: the retry contract).</summary>
public abstract partial class BuildStoreContract
{
    [Fact]
    public async Task A_builds_options_read_back_as_they_were_asked()
    {
        var store = await CreateStoreAsync();
        var spec = Spec("team/app") with
        {
            SourceDateEpoch = 1_700_000_000,
            Compression = "zstd",
            Platform = new Platform { Os = "linux", Architecture = "arm", Variant = "v7" },
            MemoryLimit = 512L << 20,
            CacheFrom = [ImageReference.Parse("localhost:5000/team/app:cache"), ImageReference.Parse($"registry.example/x/y@{Digest.Compute([1])}")],
            CacheTo = [new BuildCacheTarget(ImageReference.Parse("localhost:5000/team/app:cache"), BuildCacheTarget.Max, IgnoreError: true)],
        };

        var queued = await store.EnqueueAsync(spec, Ct);
        var found = (await store.FindAsync(queued.Id, Ct))!.Spec;
        var plain = (await store.FindAsync((await store.EnqueueAsync(Spec("team/plain") with { Reproducible = false }, Ct)).Id, Ct))!.Spec;

        Assert.Equal(1_700_000_000, found.SourceDateEpoch);
        Assert.True(found.Reproducible);
        Assert.Equal("zstd", found.Compression);
        Assert.Equal("linux/arm/v7", found.Platform?.ToString());
        Assert.Equal(512L << 20, found.MemoryLimit);
        Assert.Equal(spec.CacheFrom, found.CacheFrom);
        Assert.Equal(spec.CacheTo, found.CacheTo);
        Assert.Null(plain.SourceDateEpoch);
        Assert.False(plain.Reproducible);
        Assert.Equal("gzip", plain.Compression);
        Assert.Null(plain.Platform);
        Assert.Null(plain.MemoryLimit);
        Assert.Empty(plain.CacheFrom);
        Assert.Empty(plain.CacheTo);
    }
}
