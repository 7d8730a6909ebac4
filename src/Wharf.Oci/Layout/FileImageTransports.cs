using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Opens the file-based transports (<c>oci:</c>, <c>oci-archive:</c>, <c>docker-archive:</c>) by reference:
/// the one place the CLI turns an <see cref="ImageReference"/> of a file or directory into a source or destination.</summary>
public static class FileImageTransports
{
    /// <summary>A source for the reference; the open errors of <see cref="OciLayoutSource"/>, <see cref="OciArchiveSource"/>
    /// or <see cref="DockerArchiveSource"/>. <see cref="ArgumentException"/> for a registry reference.</summary>
    public static async Task<IImageSource> OpenSourceAsync(ImageReference reference, CancellationToken ct) => reference.Transport switch
    {
        ImageTransport.OciLayout => await OciLayoutSource.OpenAsync(reference, ct),
        ImageTransport.OciArchive => await OciArchiveSource.OpenAsync(reference, ct),
        ImageTransport.DockerArchive => await DockerArchiveSource.OpenAsync(reference, ct),
        _ => throw new ArgumentException($"{reference} is not a file transport (oci:, oci-archive:, docker-archive:)", nameof(reference)),
    };

    /// <summary>A destination for the reference; nothing it writes shows as an image before its CommitAsync.
    /// <see cref="ArgumentException"/> for a registry reference.</summary>
    public static async Task<IImageDestination> OpenDestinationAsync(ImageReference reference, CancellationToken ct) => reference.Transport switch
    {
        ImageTransport.OciLayout => await OciLayoutDestination.OpenAsync(reference, ct),
        ImageTransport.OciArchive => await OciArchiveDestination.OpenAsync(reference, ct),
        ImageTransport.DockerArchive => await DockerArchiveDestination.OpenAsync(reference, ct),
        _ => throw new ArgumentException($"{reference} is not a file transport (oci:, oci-archive:, docker-archive:)", nameof(reference)),
    };
}
