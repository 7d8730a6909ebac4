using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Oci.Tests.Layout;

public sealed class DockerArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-docker-archive-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Archive => Path.Combine(_root, "saved.tar");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_image_is_written_with_decompressed_layers_named_by_diff_id_and_reads_back()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        var written = source.Root.Parse();
        var plain = source.Blobs[written.Layers[0].Digest];
        var packed = MemoryImageSource.Gunzip(source.Blobs[written.Layers[1].Digest]);

        await CopyAsync(source, $"docker-archive:{Archive}:team/app:1");

        Assert.Equal(["saved.tar"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
        var files = await DockerArchiveFiles.ReadAsync(Archive, Ct);
        var plainId = Digest.Compute(plain).Hex;
        var packedId = Digest.Compute(packed).Hex;
        Assert.Equal(plain, files[$"{plainId}/layer.tar"]);
        Assert.Equal(packed, files[$"{packedId}/layer.tar"]);
        Assert.Equal(source.Blobs[written.Config!.Digest], files[$"{written.Config.Digest.Hex}.json"]);
        Assert.Equal($$"""[{"Config":"{{written.Config.Digest.Hex}}.json","RepoTags":["team/app:1"],"Layers":["{{plainId}}/layer.tar","{{packedId}}/layer.tar"]}]""",
            Encoding.UTF8.GetString(files["manifest.json"]));
        Assert.Equal($$$"""{"team/app":{"1":"{{{packedId}}}"}}""", Encoding.UTF8.GetString(files["repositories"]));

        await using var read = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}:docker.io/team/app:1"), Ct);
        var manifest = await read.GetManifestAsync(Ct);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        var parsed = manifest.Parse();
        Assert.Equal(written.Config.Digest, parsed.Config!.Digest);
        Assert.Equal(MediaTypes.DockerConfig, parsed.Config.MediaType);
        Assert.Equal([MediaTypes.DockerLayerTar, MediaTypes.DockerLayerTar], parsed.Layers.Select(l => l.MediaType));
        Assert.Equal(plain, await LayoutAssert.ReadBlobAsync(read, parsed.Layers[0], Ct));
        Assert.Equal(packed, await LayoutAssert.ReadBlobAsync(read, parsed.Layers[1], Ct));
        Assert.Equal(source.Blobs[written.Config.Digest], await LayoutAssert.ReadBlobAsync(read, parsed.Config, Ct));
    }

    [Fact]
    public async Task An_archive_copied_to_another_archive_is_the_same_bytes()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        await CopyAsync(source, $"docker-archive:{Archive}:app:1");
        var again = Path.Combine(_root, "again.tar");

        await using (var read = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct))
        {
            await CopyAsync(read, $"docker-archive:{again}:app:1");
        }

        Assert.Equal(await File.ReadAllBytesAsync(Archive, Ct), await File.ReadAllBytesAsync(again, Ct));
    }

    [Fact]
    public async Task An_index_becomes_the_image_of_this_machines_platform()
    {
        var source = new MemoryImageSource();
        var amd = source.AddImage("amd", "amd64");
        var arm = source.AddImage("arm", "arm64");
        source.Root = source.AddIndex((amd, "amd64"), (arm, "arm64"));
        var expected = PlatformMatcher.Host.Architecture == "arm64" ? arm : amd;

        await CopyAsync(source, $"docker-archive:{Archive}");

        await using var read = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct);
        Assert.Equal(expected.Parse().Config!.Digest, (await read.GetManifestAsync(Ct)).Parse().Config!.Digest);
        Assert.Contains("\"RepoTags\":[]", Encoding.UTF8.GetString((await DockerArchiveFiles.ReadAsync(Archive, Ct))["manifest.json"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zstd_layer_is_not_supported_yet_and_nothing_is_written()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one", layerMediaTypes: [MediaTypes.OciLayerTar, MediaTypes.OciLayerZstd]);

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => CopyAsync(source, $"docker-archive:{Archive}"));

        Assert.Contains("zstd", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_corrupted_gzip_layer_is_a_digest_mismatch_not_a_gzip_error()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        var layer = source.Root.Parse().Layers[1];
        var corrupted = source.Blobs[layer.Digest].ToArray();
        Array.Fill(corrupted, (byte)0xff, 12, corrupted.Length - 20);
        source.Blobs[layer.Digest] = corrupted;

        var e = await Assert.ThrowsAsync<RegistryException>(() => CopyAsync(source, $"docker-archive:{Archive}"));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_layer_that_does_not_match_its_diff_id_fails_the_commit()
    {
        var source = new MemoryImageSource();
        // The gzip layer claims to be a plain tar: stored as is, its sha256 is not the diff ID of its content.
        source.Root = source.AddImage("one", layerMediaTypes: [MediaTypes.OciLayerTar, MediaTypes.OciLayerTar]);

        var e = await Assert.ThrowsAsync<RegistryException>(() => CopyAsync(source, $"docker-archive:{Archive}"));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.Contains("rootfs.diff_ids[1]", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Images_are_picked_by_normalised_tag_or_index_and_ambiguity_is_an_error()
    {
        var config = Encoding.UTF8.GetBytes("""{"rootfs":{"type":"layers","diff_ids":[]}}""");
        await DockerArchiveFiles.WriteAsync(Archive, Ct,
            ("c.json", config, null),
            ("manifest.json", Encoding.UTF8.GetBytes("""[{"Config":"c.json","RepoTags":["busybox:latest"],"Layers":[]},{"Config":"c.json","RepoTags":["localhost:5000/team/app:2"],"Layers":[]}]"""), null));

        await using (var byTag = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}:docker.io/library/busybox"), Ct))
        {
            Assert.Equal(Digest.Compute(config), (await byTag.GetManifestAsync(Ct)).Parse().Config!.Digest);
        }

        await using (var byIndex = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}:@1"), Ct))
        {
            Assert.Empty((await byIndex.GetManifestAsync(Ct)).Parse().Layers);
        }

        var several = await Assert.ThrowsAsync<ImageNotFoundException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct));
        Assert.Contains("2 images", several.Message, StringComparison.Ordinal);
        var absent = await Assert.ThrowsAsync<ImageNotFoundException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}:team/app:2"), Ct));
        Assert.Contains("localhost:5000/team/app:2", absent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linked_and_gzip_layers_are_read_as_stored()
    {
        var plain = MemoryImageSource.Tar(("a.txt", "a\n"));
        var packed = MemoryImageSource.Tar(("b.txt", "b\n"));
        var gzip = MemoryImageSource.Gzip(packed);
        var config = Encoding.UTF8.GetBytes($$$"""{"rootfs":{"type":"layers","diff_ids":["{{{Digest.Compute(plain)}}}","{{{Digest.Compute(packed)}}}"]}}""");
        // skopeo's layout: layer files named by digest, legacy <id>/layer.tar names as symbolic links to them.
        await DockerArchiveFiles.WriteAsync(Archive, Ct,
            ($"{Digest.Compute(plain).Hex}.tar", plain, null),
            ("legacy1/layer.tar", [], $"../{Digest.Compute(plain).Hex}.tar"),
            ("blobs/sha256/gz", gzip, null),
            ("config.json", config, null),
            ("manifest.json", Encoding.UTF8.GetBytes("""[{"Config":"config.json","RepoTags":null,"Layers":["legacy1/layer.tar","./blobs/sha256/gz"]}]"""), null));

        await using var read = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct);
        var layers = (await read.GetManifestAsync(Ct)).Parse().Layers;

        Assert.Equal([MediaTypes.DockerLayerTar, MediaTypes.DockerLayerGzip], layers.Select(l => l.MediaType));
        Assert.Equal([Digest.Compute(plain), Digest.Compute(gzip)], layers.Select(l => l.Digest));
        Assert.Equal(plain, await LayoutAssert.ReadBlobAsync(read, layers[0], Ct));
        Assert.Equal(gzip, await LayoutAssert.ReadBlobAsync(read, layers[1], Ct));
    }

    [Fact]
    public async Task Bad_archives_and_names_are_clear_errors()
    {
        await Assert.ThrowsAsync<ImageNotFoundException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct));

        await DockerArchiveFiles.WriteAsync(Archive, Ct, ("oci-layout", "{}"u8.ToArray(), null), ("index.json", "{}"u8.ToArray(), null));
        var oci = await Assert.ThrowsAsync<InvalidDataException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct));
        Assert.Contains("no manifest.json", oci.Message, StringComparison.Ordinal);
        Assert.Contains("oci-archive:", oci.Message, StringComparison.Ordinal);

        await DockerArchiveFiles.WriteAsync(Archive, Ct, ("manifest.json", "[{\"Config\":"u8.ToArray(), null));
        var corrupt = await Assert.ThrowsAsync<InvalidDataException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct));
        Assert.Contains("manifest.json is not valid JSON", corrupt.Message, StringComparison.Ordinal);

        await DockerArchiveFiles.WriteAsync(Archive, Ct, ("manifest.json", """[{"Config":"gone.json","Layers":[]}]"""u8.ToArray(), null));
        var gone = await Assert.ThrowsAsync<InvalidDataException>(() => DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct));
        Assert.Contains("gone.json", gone.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<FormatException>(() => DockerArchiveDestination.OpenAsync(
            ImageReference.Parse($"docker-archive:{Archive}:app@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => FileImageTransports.OpenSourceAsync(ImageReference.Parse("localhost:5000/app:1"), Ct));
    }

    private static async Task CopyAsync(IImageSource source, string destination)
    {
        await using var target = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse(destination), Ct);
        await new ImageCopier().CopyAsync(source, target, new CopyOptions(), Ct);
    }
}
