using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Reads an image from an OCI image layout inside a tar file (<c>oci-archive:FILE[:TAG]</c>), in place: the
/// tar is indexed once and every file of the layout is read at its offset, so nothing is extracted.</summary>
public sealed class OciArchiveSource : IImageSource
{
    private readonly OciLayoutSource _layout;

    private OciArchiveSource(OciLayoutSource layout) => _layout = layout;

    public ImageReference Reference => _layout.Reference;

    /// <summary>Opens <c>oci-archive:FILE[:TAG]</c>; the errors of <see cref="OciLayoutSource.OpenAsync"/>, and
    /// <see cref="InvalidDataException"/> when the file is not a tar.</summary>
    public static async Task<OciArchiveSource> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.OciArchive)
        {
            throw new ArgumentException($"{reference} is not an oci-archive: reference", nameof(reference));
        }

        var archive = ArchivePath.ForReading(reference, "an OCI layout directory is oci:");
        var files = await TarIndex.ReadAsync(archive, ct);
        return new OciArchiveSource(OciLayoutSource.Open(files, reference));
    }

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) => _layout.GetManifestAsync(ct);

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) => _layout.GetManifestAsync(digest, ct);

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) => _layout.OpenBlobAsync(blob, offset, ct);

    public ValueTask DisposeAsync() => _layout.DisposeAsync();
}
