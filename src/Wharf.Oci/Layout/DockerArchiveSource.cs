using System.Globalization;
using System.Text.Json;
using Wharf.Oci.Images;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Layout;

/// <summary>Reads an image from a <c>docker save</c> archive (<c>docker-archive:FILE[:REPO:TAG]</c>, also
/// <c>:@N</c> for the N-th image as skopeo allows), in place: the tar is indexed once and members are read at their
/// offsets. It presents a Docker schema 2 manifest of the files as stored: an uncompressed layer is
/// <c>rootfs.diff.tar</c> and a gzip one <c>rootfs.diff.tar.gzip</c>, each with the digest and size of its file. The
/// config, hence the image ID, is kept byte for byte; the manifest is made here, so its digest is not the one the
/// image had in a registry (where layers are compressed).</summary>
public sealed class DockerArchiveSource : IImageSource
{
    private readonly TarIndex _tar;
    private readonly ManifestContent _manifest;
    private readonly Dictionary<Digest, string> _members;

    private DockerArchiveSource(ImageReference reference, TarIndex tar, ManifestContent manifest, Dictionary<Digest, string> members)
    {
        Reference = reference;
        _tar = tar;
        _manifest = manifest;
        _members = members;
    }

    public ImageReference Reference { get; }

    /// <summary>Opens <c>docker-archive:FILE[:REPO:TAG]</c>. <see cref="ImageNotFoundException"/> when the file or the
    /// tag is absent, or the archive holds several images and no tag picks one; <see cref="InvalidDataException"/>
    /// when it is not a docker archive or its JSON is malformed.</summary>
    public static async Task<DockerArchiveSource> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.DockerArchive)
        {
            throw new ArgumentException($"{reference} is not a docker-archive: reference", nameof(reference));
        }

        var tar = await TarIndex.ReadAsync(ArchivePath.ForReading(reference, "docker save writes a tar file"), ct);
        var list = tar.TryReadAll(DockerArchiveEntry.FileName, ManifestParser.MaxManifestBytes)
            ?? throw new InvalidDataException($"{reference}: not a docker archive (no {DockerArchiveEntry.FileName})"
                + (tar.FindLength(ImageLayout.IndexFile) is null ? "" : "; it holds an OCI layout, which is oci-archive:"));
        var entry = Select(DockerArchiveEntry.ParseList(list, tar.Describe(DockerArchiveEntry.FileName)), reference);

        var config = tar.TryReadAll(entry.Config, DockerImageConfig.MaxBytes)
            ?? throw new InvalidDataException($"{reference}: {DockerArchiveEntry.FileName} names the config {entry.Config}, which the archive lacks");
        var diffIds = DockerImageConfig.ReadDiffIds(config, tar.Describe(entry.Config));
        var configDescriptor = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = Digest.Compute(config), Size = config.Length };
        var members = new Dictionary<Digest, string> { [configDescriptor.Digest] = entry.Config };

        var layers = new List<Descriptor>();
        for (var i = 0; i < entry.Layers.Count; i++)
        {
            var path = entry.Layers[i];
            var size = tar.FindLength(path)
                ?? throw new InvalidDataException($"{reference}: {DockerArchiveEntry.FileName} names the layer {path}, which the archive lacks");
            var gzip = IsGzip(tar, path);

            // An uncompressed layer's digest is its diff ID, which the config states: trusting it saves reading every
            // layer twice (docker and skopeo do the same), and a wrong one still fails, as DIGEST_INVALID at the
            // destination. A compressed layer has to be hashed.
            var digest = !gzip && diffIds.Count == entry.Layers.Count ? diffIds[i] : await tar.HashAsync(path, ct);
            layers.Add(new Descriptor { MediaType = gzip ? MediaTypes.DockerLayerGzip : MediaTypes.DockerLayerTar, Digest = digest, Size = size });
            members.TryAdd(digest, path);
        }

        return new DockerArchiveSource(reference, tar, new ManifestContent(Manifest(configDescriptor, layers), MediaTypes.DockerManifest), members);
    }

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) => Task.FromResult(_manifest);

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        digest == _manifest.Digest
            ? Task.FromResult(_manifest)
            : throw new ImageNotFoundException($"{Reference}: a docker archive has one manifest per image, {_manifest.Digest}, not {digest}");

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        Task.FromResult(_members.TryGetValue(blob.Digest, out var path) && _tar.TryOpenRead(path, offset) is { } stream
            ? stream
            : throw new ImageNotFoundException($"{Reference}: the image has no blob {blob.Digest}"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static DockerArchiveEntry Select(IReadOnlyList<DockerArchiveEntry> entries, ImageReference reference)
    {
        var tags = entries.Count == 0 ? "none" : string.Join(", ", entries.SelectMany(e => e.RepoTags.DefaultIfEmpty("(untagged)")));
        if (reference.Tag is not { } tag)
        {
            return entries.Count switch
            {
                1 => entries[0],
                0 => throw new ImageNotFoundException($"{reference}: the archive holds no image"),
                _ => throw new ImageNotFoundException($"{reference}: the archive holds {entries.Count} images ({tags}); name one as docker-archive:FILE:REPO:TAG or :@N"),
            };
        }

        if (tag.StartsWith('@'))
        {
            return int.TryParse(tag[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < entries.Count
                ? entries[n]
                : throw new ImageNotFoundException($"{reference}: the archive holds {entries.Count} images, numbered from @0");
        }

        var wanted = DockerArchiveTag.TryNormalise(tag) ?? throw new FormatException($"{reference}: '{tag}' is not a REPO:TAG");
        return entries.FirstOrDefault(e => e.RepoTags.Any(t => DockerArchiveTag.TryNormalise(t) == wanted))
            ?? throw new ImageNotFoundException($"{reference}: no image is tagged {tag} (the archive has {tags})");
    }

    private static bool IsGzip(TarIndex tar, string path)
    {
        using var stream = tar.TryOpenRead(path, 0)!;
        Span<byte> magic = stackalloc byte[2];
        return stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static byte[] Manifest(Descriptor config, List<Descriptor> layers)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.DockerManifest);
            json.WritePropertyName("config");
            WriteDescriptor(json, config);
            json.WriteStartArray("layers");
            layers.ForEach(layer => WriteDescriptor(json, layer));
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>In docker's order: mediaType, size, digest.</summary>
    private static void WriteDescriptor(Utf8JsonWriter json, Descriptor descriptor)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteNumber("size", descriptor.Size);
        json.WriteString("digest", descriptor.Digest.ToString());
        json.WriteEndObject();
    }
}
