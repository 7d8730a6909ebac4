using System.Formats.Tar;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Oci.Tests.Layout;

public sealed class OciArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-oci-archive-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Archive => Path.Combine(_root, "image.tar");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_index_round_trips_through_a_tar_and_no_scratch_is_left()
    {
        var source = new MemoryImageSource();
        var amd = source.AddImage("amd", "amd64");
        var arm = source.AddImage("arm", "arm64");
        source.Root = source.AddIndex((amd, "amd64"), (arm, "arm64"));

        await CopyAsync(source, $"oci-archive:{Archive}:multi");

        Assert.Equal(["image.tar"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
        var names = await EntryNamesAsync(Archive);
        Assert.Equal(["oci-layout", "index.json", "blobs/", "blobs/sha256/"], names.Take(4));
        Assert.Equal(9, names.Count(n => n.StartsWith("blobs/sha256/", StringComparison.Ordinal) && n.Length > "blobs/sha256/".Length));

        await using var read = await OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}:multi"), Ct);
        Assert.Equal(source.Root.Bytes, (await read.GetManifestAsync(Ct)).Bytes);
        await LayoutAssert.SameImageAsync(source, amd, read, Ct);
        await LayoutAssert.SameImageAsync(source, arm, read, Ct);
    }

    [Fact]
    public async Task A_blob_reads_from_an_offset()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        await CopyAsync(source, $"oci-archive:{Archive}");
        var layer = source.Root.Parse().Layers[1];

        await using var read = await OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}"), Ct);
        await using var stream = await read.OpenBlobAsync(layer, 100, Ct);
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest, Ct);

        Assert.Equal(source.Blobs[layer.Digest][100..], rest.ToArray());
    }

    [Fact]
    public async Task A_failed_copy_leaves_no_archive_and_no_scratch()
    {
        var source = new MemoryImageSource();
        source.Root = source.AddImage("one");
        var layer = source.Root.Parse().Layers[0];
        source.Blobs[layer.Digest] = [.. source.Blobs[layer.Digest], 0];

        var e = await Assert.ThrowsAsync<RegistryException>(() => CopyAsync(source, $"oci-archive:{Archive}"));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Bad_archives_are_clear_errors()
    {
        await Assert.ThrowsAsync<ImageNotFoundException>(() => OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}"), Ct));

        await File.WriteAllTextAsync(Archive, "this is not a tar file, only some text that goes on for a while\n", Ct);
        var text = await Assert.ThrowsAsync<InvalidDataException>(() => OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}"), Ct));
        Assert.Contains("tar", text.Message, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(Archive, MemoryImageSource.Gzip(MemoryImageSource.Tar(("oci-layout", "{}"))), Ct);
        var gzip = await Assert.ThrowsAsync<InvalidDataException>(() => OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}"), Ct));
        Assert.Contains("gzip", gzip.Message, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(Archive, MemoryImageSource.Tar(("manifest.json", "[]")), Ct);
        var notLayout = await Assert.ThrowsAsync<InvalidDataException>(() => OciArchiveSource.OpenAsync(ImageReference.Parse($"oci-archive:{Archive}"), Ct));
        Assert.Contains("no oci-layout", notLayout.Message, StringComparison.Ordinal);
        Assert.Contains("docker-archive:", notLayout.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> EntryNamesAsync(string archive)
    {
        await using var file = File.OpenRead(archive);
        await using var tar = new TarReader(file);
        var names = new List<string>();
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
