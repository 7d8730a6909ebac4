using Wharf.Oci.Client;
using Wharf.Oci.Images;

namespace Wharf.Build.Cache;

/// <summary>Build cache refs in registries, reached by Wharf's registry client with the given options (the CLI passes
/// docker's credentials, as for every other registry it talks to). Only registry references are cache refs.</summary>
public sealed class RegistryBuildCacheStore(RegistryClientOptions options) : IBuildCacheStore
{
    public async Task<IImageSource> OpenSourceAsync(ImageReference reference, CancellationToken ct) =>
        await RegistryImageTransports.OpenSourceAsync(reference, options, ct);

    public async Task<IImageDestination> OpenDestinationAsync(ImageReference reference, CancellationToken ct) =>
        await RegistryImageTransports.OpenDestinationAsync(reference, options, ct);
}
