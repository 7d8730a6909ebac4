using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Writes an image as an OCI image layout inside a tar file (<c>oci-archive:FILE[:TAG]</c>), as skopeo
/// does: the layout is built in a scratch directory next to FILE, and <see cref="CommitAsync"/> writes the tar to a
/// scratch file and renames it over FILE (replacing what was there). The scratch directory goes at dispose.</summary>
public sealed class OciArchiveDestination : IImageDestination
{
    private readonly string _archive;
    private readonly string _work;
    private readonly OciLayoutDestination _layout;

    private OciArchiveDestination(string archive, string work, OciLayoutDestination layout)
    {
        _archive = archive;
        _work = work;
        _layout = layout;
    }

    public ImageReference Reference => _layout.Reference;

    public bool CanStoreIndex => true;

    /// <summary>The OCI manifest and index, as for <see cref="OciLayoutDestination"/>.</summary>
    public IReadOnlySet<string>? ManifestMediaTypes => _layout.ManifestMediaTypes;

    /// <summary>Opens <c>oci-archive:FILE[:TAG]</c> for writing; <see cref="FormatException"/> for a tag the ref.name
    /// grammar refuses, <see cref="IOException"/> when FILE is a directory.</summary>
    public static async Task<OciArchiveDestination> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.OciArchive)
        {
            throw new ArgumentException($"{reference} is not an oci-archive: reference", nameof(reference));
        }

        var archive = ArchivePath.ForWriting(reference);
        var work = ArchivePath.Scratch(archive, "layout");
        try
        {
            return new OciArchiveDestination(archive, work, await OciLayoutDestination.CreateAsync(work, reference, ct));
        }
        catch
        {
            AtomicFile.DeleteDirectoryQuietly(work);
            throw;
        }
    }

    public Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        _layout.TryReuseBlobAsync(blob, source, ct);

    public Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct) =>
        _layout.PutBlobAsync(blob, source, progress, ct);

    public Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct) =>
        _layout.PutManifestAsync(manifest, isRoot, ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await _layout.CommitAsync(ct);
        await using var tar = TarFileWriter.Create(_archive);
        await tar.AddFileAsync(ImageLayout.LayoutFile, Path.Combine(_work, ImageLayout.LayoutFile), ct);
        await tar.AddFileAsync(ImageLayout.IndexFile, Path.Combine(_work, ImageLayout.IndexFile), ct);
        await tar.AddDirectoryAsync(ImageLayout.BlobsDirectory, ct);
        foreach (var algorithm in Directory.EnumerateDirectories(Path.Combine(_work, ImageLayout.BlobsDirectory)).Order(StringComparer.Ordinal))
        {
            var prefix = $"{ImageLayout.BlobsDirectory}/{Path.GetFileName(algorithm)}";
            await tar.AddDirectoryAsync(prefix, ct);
            foreach (var blob in Directory.EnumerateFiles(algorithm).Order(StringComparer.Ordinal))
            {
                await tar.AddFileAsync($"{prefix}/{Path.GetFileName(blob)}", blob, ct);
            }
        }

        await tar.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _layout.DisposeAsync();
        AtomicFile.DeleteDirectoryQuietly(_work);
    }
}
