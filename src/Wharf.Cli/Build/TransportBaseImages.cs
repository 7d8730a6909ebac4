using Wharf.Build;
using Wharf.Cli.Commands;
using Wharf.Oci.Images;

namespace Wharf.Cli.Build;

/// <summary>Base images for <c>wharf build</c> come from wherever <c>wharf copy</c> reads: registries with docker's
/// credentials, OCI layouts and archives.</summary>
internal sealed class TransportBaseImages(ImageTransports transports) : IBaseImages
{
    public Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct) => transports.OpenSourceAsync(reference, ct);
}
