using System.Text.Json;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Layout;

/// <summary>Reads an image from an OCI image layout (image-spec image-layout.md): the index.json entry whose
/// <c>org.opencontainers.image.ref.name</c> is the reference's tag, or with no tag the layout's only image.
/// Every manifest read is checked against its digest; blobs are streamed unverified, as the seam says.</summary>
public sealed class OciLayoutSource : IImageSource
{
    private readonly FileTree _files;
    private readonly Descriptor _root;

    private OciLayoutSource(FileTree files, ImageReference reference, Descriptor root)
    {
        _files = files;
        _root = root;
        Reference = reference;
    }

    public ImageReference Reference { get; }

    /// <summary>Opens <c>oci:DIR[:TAG]</c>. <see cref="ImageNotFoundException"/> when the directory, the tag or any
    /// image is absent, or when several images are there and no tag picks one; <see cref="InvalidDataException"/>
    /// when the directory is not a layout or its JSON is malformed.</summary>
    public static Task<OciLayoutSource> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.OciLayout)
        {
            throw new ArgumentException($"{reference} is not an oci: reference", nameof(reference));
        }

        var directory = Path.GetFullPath(reference.Path!);
        if (File.Exists(directory))
        {
            throw new InvalidDataException($"{reference}: {directory} is a file, not a layout directory (an OCI layout in a tar is oci-archive:)");
        }

        if (!Directory.Exists(directory))
        {
            throw new ImageNotFoundException($"{reference}: there is no directory {directory}");
        }

        return Task.FromResult(Open(new DirectoryFileTree(directory), reference));
    }

    /// <summary>Opens the layout held by <paramref name="files"/> (a directory, or a tar for oci-archive:).</summary>
    internal static OciLayoutSource Open(FileTree files, ImageReference reference)
    {
        var marker = files.TryReadAll(ImageLayout.LayoutFile, 64 * 1024)
            ?? throw new InvalidDataException($"{reference}: not an OCI image layout (no {ImageLayout.LayoutFile} file)"
                + (files.FindLength(DockerArchiveEntry.FileName) is null ? "" : "; it holds a docker archive, which is docker-archive:"));
        CheckMarker(marker, files.Describe(ImageLayout.LayoutFile));

        var indexBytes = files.TryReadAll(ImageLayout.IndexFile, ManifestParser.MaxManifestBytes)
            ?? throw new InvalidDataException($"{reference}: not an OCI image layout (no {ImageLayout.IndexFile})");
        ParsedManifest index;
        try
        {
            index = ManifestParser.Parse(indexBytes, MediaTypes.OciIndex);
        }
        catch (RegistryException e)
        {
            throw new InvalidDataException($"{files.Describe(ImageLayout.IndexFile)} is not a valid image index: {e.Detail ?? e.Message}", e);
        }

        if (!index.IsIndex)
        {
            throw new InvalidDataException($"{files.Describe(ImageLayout.IndexFile)} is not an image index");
        }

        return new OciLayoutSource(files, reference, SelectRoot(index.Manifests, reference));
    }

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) =>
        Task.FromResult(new ManifestContent(ReadManifest(_root.Digest), _root.MediaType));

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct)
    {
        var bytes = ReadManifest(digest);
        return Task.FromResult(new ManifestContent(bytes, ManifestParser.Parse(bytes, null).MediaType));
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        Task.FromResult(_files.TryOpenRead(ImageLayout.BlobPath(blob.Digest), offset)
            ?? throw new ImageNotFoundException($"{Reference}: blob {blob.Digest} is missing ({_files.Describe(ImageLayout.BlobPath(blob.Digest))})"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private byte[] ReadManifest(Digest digest)
    {
        var path = ImageLayout.BlobPath(digest);
        var bytes = _files.TryReadAll(path, ManifestParser.MaxManifestBytes)
            ?? throw new ImageNotFoundException($"{Reference}: manifest {digest} is missing ({_files.Describe(path)})");
        var actual = Digest.Compute(bytes, digest.Algorithm);
        return actual == digest
            ? bytes
            : throw new RegistryException(OciErrorCode.DigestInvalid, $"{_files.Describe(path)} holds content with digest {actual}");
    }

    /// <summary>image-layout.md: only entries of a manifest media type are images; others "SHOULD be safely ignored".</summary>
    private static Descriptor SelectRoot(IReadOnlyList<Descriptor> entries, ImageReference reference)
    {
        var images = entries.Where(e => MediaTypes.IsManifest(e.MediaType)).ToList();
        if (reference.Tag is { } tag)
        {
            var tagged = images.Where(e => RefName(e) == tag).ToList();
            return tagged.Count switch
            {
                1 => tagged[0],
                0 => throw new ImageNotFoundException($"{reference}: no image is tagged '{tag}' (the layout has {Describe(images)})"),
                _ => throw new InvalidDataException($"{reference}: {tagged.Count} index.json entries are tagged '{tag}'"),
            };
        }

        return images.Count switch
        {
            1 => images[0],
            0 => throw new ImageNotFoundException($"{reference}: the layout holds no image"),
            _ => throw new ImageNotFoundException($"{reference}: the layout holds {images.Count} images ({Describe(images)}); name one as oci:DIR:TAG"),
        };
    }

    private static string? RefName(Descriptor entry) =>
        entry.Annotations?.GetValueOrDefault(ImageLayout.RefNameAnnotation);

    private static string Describe(List<Descriptor> images) => images.Count == 0
        ? "no image"
        : string.Join(", ", images.Select(e => RefName(e) is { } name ? $"'{name}'" : $"untagged {e.Digest}"));

    internal static void CheckMarker(byte[] marker, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(marker);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("imageLayoutVersion", out var version)
                && version.ValueKind == JsonValueKind.String)
            {
                // Versions are 1.0.0 so far; a later 1.x stays readable (the spec adds fields, never moves files).
                if (!version.GetString()!.StartsWith("1.", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{where}: imageLayoutVersion '{version.GetString()}' is not supported (1.x is)");
                }

                return;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where} is not JSON: {e.Message}", e);
        }

        throw new InvalidDataException($"{where} must be a JSON object with an imageLayoutVersion string");
    }
}
