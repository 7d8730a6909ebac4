using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

/// <summary>The copier with destinations that hold some manifest types only, and the order blob puts begin in.</summary>
public sealed class ImageCopierConversionTests
{
    private static readonly HashSet<string> OciOnly = [MediaTypes.OciManifest, MediaTypes.OciIndex];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_docker_image_arrives_as_OCI_with_the_same_blobs_and_the_result_names_the_converted_manifest()
    {
        var source = new MemoryImages();
        source.Root = source.AddDockerImage("a", null, "layer one", "layer two");
        var destination = new MemoryImages(manifestMediaTypes: OciOnly);

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        var root = destination.Root!;
        Assert.Equal(MediaTypes.OciManifest, root.MediaType);
        Assert.Equal(root.Digest, result.Manifest);
        Assert.NotEqual(source.Root.Digest, result.Manifest);
        var (before, after) = (source.Root.Parse(), root.Parse());
        Assert.Equal(MediaTypes.OciConfig, after.Config!.MediaType);
        Assert.Equal(before.Config!.Digest, after.Config.Digest);
        Assert.Equal(before.Layers.Select(l => (l.Digest, l.Size)), after.Layers.Select(l => (l.Digest, l.Size)));
        Assert.All(after.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        Assert.Equal(3, result.BlobsCopied);
        Assert.All(before.RequiredBlobs, b => Assert.Equal(source.Blobs[b.Digest], destination.Blobs[b.Digest]));
        Assert.True(destination.Committed);
    }

    [Fact]
    public async Task With_preserve_digests_a_copy_that_would_convert_fails_before_any_blob_moves()
    {
        var source = new MemoryImages();
        source.Root = source.AddDockerImage("a", null, "layer one");
        var destination = new MemoryImages(manifestMediaTypes: OciOnly);

        var e = await Assert.ThrowsAsync<NotSupportedException>(() =>
            new ImageCopier().CopyAsync(source, destination, new CopyOptions { PreserveDigests = true }, TestContext.Current.CancellationToken));

        Assert.Contains("--preserve-digests", e.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Blobs);
        Assert.Null(destination.Root);
    }

    [Fact]
    public async Task A_manifest_list_is_copied_whole_as_an_OCI_index_over_OCI_manifests()
    {
        var source = new MemoryImages();
        var amd = source.AddDockerImage("amd", null, "amd layer");
        var arm = source.AddDockerImage("arm", new Platform { Os = "linux", Architecture = "arm64" }, "arm layer");
        source.Root = source.AddDockerList((amd, "linux/amd64"), (arm, "linux/arm64"));
        var destination = new MemoryImages(manifestMediaTypes: OciOnly);

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        var index = destination.Root!;
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Equal(index.Digest, result.Manifest);
        Assert.Equal(3, destination.Manifests.Count);
        Assert.All(destination.Manifests.Values, m => Assert.Contains(m.MediaType, OciOnly));
        var entries = index.Parse().Manifests;
        Assert.All(entries, e => Assert.Equal(destination.Manifests[e.Digest].Bytes.Length, e.Size));
        Assert.Equal(["amd64", "arm64"], entries.Select(e => e.Platform!.Architecture));
    }

    [Fact]
    public async Task A_destination_taking_any_type_gets_the_docker_manifest_byte_for_byte()
    {
        var source = new MemoryImages();
        source.Root = source.AddDockerImage("a", null, "layer");
        var destination = new MemoryImages();

        var result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        Assert.Equal(source.Root.Digest, result.Manifest);
        Assert.Equal(source.Root.Bytes, destination.Root!.Bytes);
    }

    [Fact]
    public async Task A_manifest_the_destination_cannot_hold_fails_the_copy_before_any_blob_is_sent()
    {
        var source = new MemoryImages();
        source.Root = source.AddImage("a", null, "layer");
        var destination = new MemoryImages(manifestMediaTypes: new HashSet<string> { MediaTypes.DockerManifest });

        await Assert.ThrowsAsync<NotSupportedException>(() => new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct));

        Assert.Empty(destination.PutsBegun);
        Assert.False(destination.Committed);
    }

    [Fact]
    public async Task Blob_puts_begin_in_manifest_order_however_many_run_at_once()
    {
        var source = new MemoryImages();
        source.Root = source.AddImage("a", null, [.. Enumerable.Range(0, 12).Select(i => $"layer {i}")]);
        var destination = new MemoryImages();

        await new ImageCopier().CopyAsync(source, destination, new CopyOptions { Concurrency = 4 }, Ct);

        Assert.Equal(source.Root.Parse().RequiredBlobs.Select(b => b.Digest), destination.PutsBegun);
    }
}
