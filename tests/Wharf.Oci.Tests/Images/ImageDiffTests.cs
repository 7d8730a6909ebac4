using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

public sealed class ImageDiffTests
{
    [Fact]
    public void Only_new_layers_and_a_new_config_are_downloaded_and_a_repeated_layer_counts_once()
    {
        var images = new MemoryImages();
        var a = images.AddImage("a", null, "base", "app v1");
        var b = images.AddImage("b", null, "base", "app v2", "app v2");

        var diff = ImageDiff.Compare(a, b);

        Assert.Equal([true, false, false], diff.Layers.Select(l => l.Shared));
        var configB = b.Parse().Config!.Size;
        Assert.Equal("app v2".Length + configB, diff.DownloadBytes);
        Assert.Equal("base".Length + "app v2".Length + configB, diff.TotalBytes);
        Assert.Equal("base".Length, diff.SharedBytes);
    }

    [Fact]
    public void The_same_image_costs_nothing()
    {
        var images = new MemoryImages();
        var a = images.AddImage("a", null, "base");

        Assert.Equal(0, ImageDiff.Compare(a, a).DownloadBytes);
    }

    [Fact]
    public void An_index_must_be_resolved_to_a_platform_first()
    {
        var images = new MemoryImages();
        var a = images.AddImage("a", null, "base");
        var index = images.AddIndex((a, "linux/amd64"));

        Assert.Throws<ArgumentException>(() => ImageDiff.Compare(index, a));
    }
}
