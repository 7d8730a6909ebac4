using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Build.Tests.Building;

/// <summary>Base images from OCI layouts and archives only: what builder tests use, with no registry.</summary>
internal sealed class LayoutBaseImages : IBaseImages
{
    public Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct) =>
        reference.Transport == ImageTransport.Registry
            ? throw new ImageNotFoundException($"{reference}: builder tests read images from layouts only")
            : FileImageTransports.OpenSourceAsync(reference, ct);
}
