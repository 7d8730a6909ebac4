using System.Text.Json;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Oci.Tests.Layout;

public sealed class OciLayoutTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-layout-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Dir => Path.Combine(_root, "layout");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_image_round_trips_byte_for_byte_and_the_layout_is_the_specs()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");

        await CopyAsync(source, $"oci:{Dir}:v1");

        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", await File.ReadAllTextAsync(Path.Combine(Dir, "oci-layout"), Ct));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Dir, "index.json"), Ct));
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(source.Root.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal("v1", entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.Empty(Directory.EnumerateFiles(Dir, ".wharf-*"));

        await using var read = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}:v1"), Ct);
        await LayoutAssert.SameImageAsync(source, source.Root, read, Ct);
    }

    [Fact]
    public async Task An_index_with_two_platforms_round_trips_with_its_children()
    {
        var source = new MemoryImageSource();
        var amd = source.AddImage("amd", "amd64");
        var arm = source.AddImage("arm", "arm64");
        source.Root = source.AddIndex((amd, "amd64"), (arm, "arm64"));

        await CopyAsync(source, $"oci:{Dir}:multi");

        await using var read = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct);
        var root = await read.GetManifestAsync(Ct);
        Assert.Equal(source.Root.Bytes, root.Bytes);
        Assert.Equal(MediaTypes.OciIndex, root.MediaType);
        await LayoutAssert.SameImageAsync(source, amd, read, Ct);
        await LayoutAssert.SameImageAsync(source, arm, read, Ct);
    }

    [Fact]
    public async Task Several_tags_live_in_one_layout_and_a_tag_written_again_moves()
    {
        var source = new MemoryImageSource();
        var one = source.AddImage("one");
        var two = source.AddImage("two");
        source.Root = one;
        await CopyAsync(source, $"oci:{Dir}:v1");
        await CopyAsync(source, $"oci:{Dir}:stable");
        source.Root = two;
        await CopyAsync(source, $"oci:{Dir}:v2");
        await CopyAsync(source, $"oci:{Dir}:stable");

        Assert.Equal(one.Digest, await RootDigestAsync("v1"));
        Assert.Equal(two.Digest, await RootDigestAsync("v2"));
        Assert.Equal(two.Digest, await RootDigestAsync("stable"));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Dir, "index.json"), Ct));
        Assert.Equal(3, index.RootElement.GetProperty("manifests").GetArrayLength());

        var several = await Assert.ThrowsAsync<ImageNotFoundException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct));
        Assert.Contains("3 images", several.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ImageNotFoundException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}:v3"), Ct));
        Assert.Contains("'v3'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'stable'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_mismatch_keeps_nothing()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        var layer = source.Root.Parse().Layers[1];
        source.Blobs[layer.Digest] = [.. source.Blobs[layer.Digest].Reverse()];

        var e = await Assert.ThrowsAsync<RegistryException>(() => CopyAsync(source, $"oci:{Dir}:v1"));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.False(File.Exists(Path.Combine(Dir, "blobs", "sha256", layer.Digest.Hex)));
        Assert.Empty(Directory.EnumerateFiles(Dir, ".wharf-*"));
        var none = await Assert.ThrowsAsync<ImageNotFoundException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}:v1"), Ct));
        Assert.Contains("'v1'", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_already_there_is_reused()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        await CopyAsync(source, $"oci:{Dir}:v1");

        var result = await CopyAsync(source, $"oci:{Dir}:v2");

        Assert.Equal(0, result.BlobsCopied);
        Assert.Equal(3, result.BlobsReused);
    }

    [Fact]
    public async Task Index_entries_of_other_media_types_are_ignored_as_the_spec_says()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        await CopyAsync(source, $"oci:{Dir}");
        var indexPath = Path.Combine(Dir, "index.json");
        var index = await File.ReadAllTextAsync(indexPath, Ct);
        var xml = $$$"""{"mediaType":"application/xml","digest":"{{{Digest.Compute("<x/>"u8)}}}","size":4},""";
        await File.WriteAllTextAsync(indexPath, index.Replace("\"manifests\":[", "\"manifests\":[" + xml, StringComparison.Ordinal), Ct);

        await using var read = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct);

        Assert.Equal(source.Root.Digest, (await read.GetManifestAsync(Ct)).Digest);
    }

    [Fact]
    public async Task Bad_layouts_are_clear_errors()
    {
        await Assert.ThrowsAsync<ImageNotFoundException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct));

        Directory.CreateDirectory(Dir);
        await File.WriteAllTextAsync(Path.Combine(Dir, "stray.txt"), "not a layout", Ct);
        var notLayout = await Assert.ThrowsAsync<InvalidDataException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct));
        Assert.Contains("no oci-layout", notLayout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidDataException>(() => OciLayoutDestination.OpenAsync(ImageReference.Parse($"oci:{Dir}:v1"), Ct));

        await File.WriteAllTextAsync(Path.Combine(Dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", Ct);
        await File.WriteAllTextAsync(Path.Combine(Dir, "index.json"), """{"schemaVersion":2,"manifests":[""", Ct);
        var corrupt = await Assert.ThrowsAsync<InvalidDataException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct));
        Assert.Contains("index.json", corrupt.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(Dir, "index.json"), """{"schemaVersion":2,"manifests":[]}""", Ct);
        var empty = await Assert.ThrowsAsync<ImageNotFoundException>(() => OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}"), Ct));
        Assert.Contains("no image", empty.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<FormatException>(() => OciLayoutDestination.OpenAsync(ImageReference.Parse($"oci:{Dir}:bad tag!"), Ct));
    }

    [Fact]
    public async Task A_missing_blob_and_a_tampered_manifest_are_reported()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        await CopyAsync(source, $"oci:{Dir}:v1");
        var layer = source.Root.Parse().Layers[0];
        File.Delete(Path.Combine(Dir, "blobs", "sha256", layer.Digest.Hex));
        await File.WriteAllTextAsync(Path.Combine(Dir, "blobs", "sha256", source.Root.Digest.Hex), "{}", Ct);

        await using var read = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}:v1"), Ct);
        await Assert.ThrowsAsync<ImageNotFoundException>(() => read.OpenBlobAsync(layer, 0, Ct));
        var tampered = await Assert.ThrowsAsync<RegistryException>(() => read.GetManifestAsync(Ct));
        Assert.Equal(OciErrorCode.DigestInvalid, tampered.Code);
    }

    private async Task<Digest> RootDigestAsync(string tag)
    {
        await using var read = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{Dir}:{tag}"), Ct);
        return (await read.GetManifestAsync(Ct)).Digest;
    }

    private static async Task<CopyResult> CopyAsync(IImageSource source, string destination)
    {
        await using var target = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse(destination), Ct);
        return await new ImageCopier().CopyAsync(source, target, new CopyOptions(), Ct);
    }
}
