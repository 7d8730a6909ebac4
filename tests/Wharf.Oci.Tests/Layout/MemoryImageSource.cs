using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Layout;

/// <summary>An image source over byte arrays holding real images: each has a config with true
/// <c>rootfs.diff_ids</c>, an uncompressed tar layer and a gzip tar layer, so docker archives can be written from it.</summary>
internal sealed class MemoryImageSource(string name = "memory") : IImageSource
{
    public ConcurrentDictionary<Digest, byte[]> Blobs { get; } = new();

    public ConcurrentDictionary<Digest, ManifestContent> Manifests { get; } = new();

    public ManifestContent? Root { get; set; }

    public ImageReference Reference { get; } = ImageReference.Parse($"oci:/{name}");

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) =>
        Task.FromResult(Root ?? throw new ImageNotFoundException("no root"));

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        Task.FromResult(Manifests.TryGetValue(digest, out var m) ? m : throw new ImageNotFoundException($"no {digest}"));

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        Task.FromResult<Stream>(new MemoryStream(Blobs.TryGetValue(blob.Digest, out var b) ? b[(int)offset..] : throw new ImageNotFoundException($"no {blob.Digest}")));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Adds an image (config, a tar layer, a gzip layer, with <paramref name="seed"/> in their files) and
    /// returns its manifest; <paramref name="layerMediaTypes"/> overrides the two layers' media types.</summary>
    public ManifestContent AddImage(string seed, string architecture = "amd64", string[]? layerMediaTypes = null)
    {
        var plain = Tar(("etc/plain.txt", $"plain {seed}\n"));
        var packed = Tar(("etc/packed.txt", $"packed {seed}\n"), ("bin/tool", new string('x', 5000)));
        var gzip = Gzip(packed);
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"{{{architecture}}}","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["{{{Digest.Compute(plain)}}}","{{{Digest.Compute(packed)}}}"]}}""");
        var types = layerMediaTypes ?? [MediaTypes.OciLayerTar, MediaTypes.OciLayerGzip];
        var manifest = new ManifestContent(Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{{Add(MediaTypes.OciConfig, config)}},"layers":[{{Add(types[0], plain)}},{{Add(types[1], gzip)}}]}"""),
            MediaTypes.OciManifest);
        Manifests[manifest.Digest] = manifest;
        return manifest;
    }

    /// <summary>Adds an index over (manifest, architecture) pairs.</summary>
    public ManifestContent AddIndex(params (ManifestContent Manifest, string Architecture)[] entries)
    {
        var json = string.Join(',', entries.Select(e =>
            $$$"""{"mediaType":"{{{e.Manifest.MediaType}}}","digest":"{{{e.Manifest.Digest}}}","size":{{{e.Manifest.Bytes.Length}}},"platform":{"architecture":"{{{e.Architecture}}}","os":"linux"}}"""));
        var index = new ManifestContent(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{{json}}]}"""), MediaTypes.OciIndex);
        Manifests[index.Digest] = index;
        return index;
    }

    /// <summary>Every blob an image manifest names, config first.</summary>
    public static IEnumerable<Descriptor> BlobsOf(ManifestContent manifest) => manifest.Parse() is var parsed ? parsed.Layers.Prepend(parsed.Config!) : [];

    public static byte[] Tar(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (fileName, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, fileName)
                {
                    Mode = (UnixFileMode)0b110_100_100,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                });
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static byte[] Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private string Add(string mediaType, byte[] blob)
    {
        Blobs[Digest.Compute(blob)] = blob;
        return $$"""{"mediaType":"{{mediaType}}","digest":"{{Digest.Compute(blob)}}","size":{{blob.Length}}}""";
    }
}
