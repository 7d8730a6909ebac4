using System.Formats.Tar;
using System.Text;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Oci.Tests.Layout;

/// <summary>The docker archive destination writes blobs straight into the archive and names them at commit: the
/// order of entries, content stored once, and a failed blob cut out of the archive.</summary>
public sealed class DockerArchiveOnePassTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-docker-archive-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Archive => Path.Combine(_root, "out.tar");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Entries_are_the_blobs_in_manifest_order_then_manifest_json_and_each_content_is_stored_once()
    {
        // Layer 0 and layer 2 hold the same tar, plain and gzip-compressed: one diff ID, one layer.tar.
        var source = new MemoryImageSource();
        var first = MemoryImageSource.Tar(("a.txt", "a\n"));
        var second = MemoryImageSource.Tar(("b.txt", "b\n"));
        source.Root = Image(source, [(MediaTypes.OciLayerTar, first), (MediaTypes.OciLayerGzip, second), (MediaTypes.OciLayerGzip, first)], out var config);

        await CopyAsync(source, $"docker-archive:{Archive}:app:1");

        var (a, b) = (Digest.Compute(first).Hex, Digest.Compute(second).Hex);
        Assert.Equal([$"{config.Hex}.json", $"{a}/layer.tar", $"{b}/layer.tar", "manifest.json", "repositories"], await NamesAsync(Archive));
        var files = await DockerArchiveFiles.ReadAsync(Archive, Ct);
        Assert.Equal(first, files[$"{a}/layer.tar"]);
        Assert.Equal(second, files[$"{b}/layer.tar"]);
        Assert.Contains($$"""
            "Layers":["{{a}}/layer.tar","{{b}}/layer.tar","{{a}}/layer.tar"]
            """.Trim(), Encoding.UTF8.GetString(files["manifest.json"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_that_fails_is_cut_out_of_the_archive_and_can_be_put_again()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        var manifest = source.Root.Parse();
        var layer = manifest.Layers[1];
        var good = source.Blobs[layer.Digest];
        source.Blobs[layer.Digest] = [.. good.Take(good.Length - 1), (byte)(good[^1] ^ 1)];

        await using (var destination = await DockerArchiveDestination.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct))
        {
            await destination.PutBlobAsync(manifest.Config!, source, null, Ct);
            await destination.PutBlobAsync(manifest.Layers[0], source, null, Ct);
            var e = await Assert.ThrowsAsync<RegistryException>(() => destination.PutBlobAsync(layer, source, null, Ct));
            Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
            Assert.Equal(BlobReuse.None, await destination.TryReuseBlobAsync(layer, source, Ct));

            source.Blobs[layer.Digest] = good;
            await destination.PutBlobAsync(layer, source, null, Ct);
            await destination.PutManifestAsync(source.Root, isRoot: true, Ct);
            await destination.CommitAsync(Ct);
        }

        var files = await DockerArchiveFiles.ReadAsync(Archive, Ct);
        Assert.Equal(MemoryImageSource.Gunzip(good), files[$"{Digest.Compute(MemoryImageSource.Gunzip(good)).Hex}/layer.tar"]);
        Assert.Equal(4, (await NamesAsync(Archive)).Count); // config, two layers, manifest.json: nothing of the failed attempt
    }

    [Fact]
    public async Task A_copy_cancelled_midway_leaves_nothing_behind()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        using var cancel = new CancellationTokenSource();
        await using (var destination = await DockerArchiveDestination.OpenAsync(ImageReference.Parse($"docker-archive:{Archive}"), Ct))
        {
            var manifest = source.Root.Parse();
            await destination.PutBlobAsync(manifest.Config!, source, null, Ct);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => destination.PutBlobAsync(manifest.Layers[1], source, null, cancel.Token));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    private static ManifestContent Image(MemoryImageSource source, (string MediaType, byte[] Tar)[] layers, out Digest config)
    {
        var configBytes = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[{{{string.Join(',', layers.Select(l => $"\"{Digest.Compute(l.Tar)}\""))}}}]}}""");
        config = Add(source, configBytes);
        var layerJson = layers.Select(l => l.MediaType == MediaTypes.OciLayerGzip ? (l.MediaType, Bytes: MemoryImageSource.Gzip(l.Tar)) : (l.MediaType, Bytes: l.Tar))
            .Select(l => $$"""{"mediaType":"{{l.MediaType}}","digest":"{{Add(source, l.Bytes)}}","size":{{l.Bytes.Length}}}""");
        var manifest = new ManifestContent(Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{config}}","size":{{configBytes.Length}}},"layers":[{{string.Join(',', layerJson)}}]}"""),
            MediaTypes.OciManifest);
        source.Manifests[manifest.Digest] = manifest;
        return manifest;
    }

    private static Digest Add(MemoryImageSource source, byte[] blob)
    {
        var digest = Digest.Compute(blob);
        source.Blobs[digest] = blob;
        return digest;
    }

    private static async Task<List<string>> NamesAsync(string archive)
    {
        var names = new List<string>();
        await using var stream = File.OpenRead(archive);
        await using var tar = new TarReader(stream);
        while (await tar.GetNextEntryAsync(copyData: false, Ct) is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static async Task CopyAsync(IImageSource source, string destination)
    {
        await using var target = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse(destination), Ct);
        await new ImageCopier().CopyAsync(source, target, new CopyOptions(), Ct);
    }
}
