using Wharf.Build;
using Wharf.Oci.Client;
using Wharf.Oci.Images;

namespace Wharf.Server.Builds;

/// <summary>Base images for builds on the server: from registries only, with the ordinary registry client and no
/// credentials — the server holds none of its users' — so this registry's own images are reached at the address the
/// Dockerfile names and its own access rules apply (public repositories pull anonymously). A FROM of a file path
/// (<c>oci:DIR</c>, an archive) is refused: a build must not read the server's files.</summary>
internal sealed class RegistryBaseImages : IBaseImages
{
    private readonly RegistryClientOptions _options = new();

    public async Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct) =>
        reference.Transport == ImageTransport.Registry
            ? await RegistryImageTransports.OpenSourceAsync(reference, _options, ct)
            : throw new ImageNotFoundException($"{reference}: a build on the server reads base images from registries only");
}
