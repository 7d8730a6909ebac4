using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>Where a build's <c>FROM</c> and <c>COPY --from=image</c> images come from: the CLI opens registries
/// (credentials from docker's config) and layouts; a server opens its own repositories directly.</summary>
public interface IBaseImages
{
    /// <summary>Opens the image; throws <see cref="ImageNotFoundException"/> when there is none.</summary>
    Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct);
}
