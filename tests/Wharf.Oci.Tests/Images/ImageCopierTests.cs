using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

public sealed class ImageCopierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_image_arrives_byte_for_byte_and_only_missing_blobs_are_sent()
    {
        var source = new MemoryImages();
        source.Root = source.AddImage("a", null, "layer one", "layer two");
        var destination = new MemoryImages();
        var shared = Digest.Compute("layer one"u8.ToArray());
        destination.Blobs[shared] = "layer one"u8.ToArray();

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        Assert.Equal(source.Root.Digest, result.Manifest);
        Assert.Equal(source.Root.Bytes, destination.Root!.Bytes);
        Assert.Equal(2, result.BlobsCopied); // config and layer two
        Assert.Equal(1, result.BlobsReused);
        Assert.DoesNotContain(shared, destination.Transferred);
        Assert.True(destination.Committed);
    }

    [Fact]
    public async Task An_index_is_copied_whole_with_children_before_it()
    {
        var source = new MemoryImages();
        var amd = source.AddImage("amd", null, "amd layer");
        var arm = source.AddImage("arm", new Platform { Os = "linux", Architecture = "arm64" }, "arm layer");
        source.Root = source.AddIndex((amd, "linux/amd64"), (arm, "linux/arm64"));
        var destination = new MemoryImages();

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        Assert.Equal(source.Root.Digest, result.Manifest);
        Assert.Equal(source.Root.Bytes, destination.Root!.Bytes);
        Assert.True(destination.Manifests.ContainsKey(amd.Digest));
        Assert.True(destination.Manifests.ContainsKey(arm.Digest));
        Assert.Equal(4, result.BlobsCopied);
    }

    [Theory]
    [InlineData("linux/arm64", true)]
    [InlineData(null, false)] // a docker archive holds one image: the host's platform is picked
    public async Task One_platform_of_an_index_is_copied_when_asked_or_when_the_destination_holds_one_image(string? platform, bool canStoreIndex)
    {
        var source = new MemoryImages();
        var amd = source.AddImage("amd", null, "amd layer");
        var arm = source.AddImage("arm", new Platform { Os = "linux", Architecture = "arm64" }, "arm layer");
        source.Root = source.AddIndex((amd, "linux/amd64"), (arm, "linux/arm64"));
        var destination = new MemoryImages(canStoreIndex: canStoreIndex);
        var expected = platform is null ? (PlatformMatcher.Host.Architecture == "arm64" ? arm : amd) : arm;

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions { Platform = platform is null ? null : PlatformMatcher.Parse(platform) }, Ct);

        Assert.Equal(expected.Digest, result.Manifest);
        Assert.Equal(expected.Bytes, destination.Root!.Bytes);
        Assert.Single(destination.Manifests);
        Assert.Equal(2, result.BlobsCopied);
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_a_clear_error_naming_those_it_has()
    {
        var source = new MemoryImages();
        var amd = source.AddImage("amd", null, "amd layer");
        source.Root = source.AddIndex((amd, "linux/amd64"));

        var e = await Assert.ThrowsAsync<ImageNotFoundException>(() =>
            new ImageCopier().CopyAsync(source, new MemoryImages(), new CopyOptions { Platform = PlatformMatcher.Parse("linux/s390x") }, Ct));

        Assert.Contains("no linux/s390x image", e.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_blob_fails_the_copy_and_the_destination_shows_no_image()
    {
        var source = new MemoryImages();
        source.Root = source.AddImage("a", null, "good layer");
        var layer = Digest.Compute("good layer"u8.ToArray());
        source.Blobs[layer] = "evil layer"u8.ToArray();
        var destination = new MemoryImages();

        var e = await Assert.ThrowsAsync<RegistryException>(() => new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.False(destination.Blobs.ContainsKey(layer));
        Assert.Null(destination.Root);
        Assert.False(destination.Committed);
    }
}
