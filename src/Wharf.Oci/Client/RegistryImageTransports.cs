using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>Opens registry references (<c>docker://HOST/REPO:TAG|@DIGEST</c>) as image sources and destinations, each
/// with its own <see cref="RegistryClient"/> for the reference's host.</summary>
public static class RegistryImageTransports
{
    /// <summary>A source for <paramref name="reference"/>; nothing is requested until the copy asks for the manifest.</summary>
    public static Task<RegistryImageSource> OpenSourceAsync(ImageReference reference, RegistryClientOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new RegistryImageSource(reference, new RegistryClient(HostOf(reference), options), ownsClient: true));
    }

    /// <summary>A destination for <paramref name="reference"/>; nothing is written until the copy puts a blob.</summary>
    public static Task<RegistryImageDestination> OpenDestinationAsync(ImageReference reference, RegistryClientOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new RegistryImageDestination(reference, new RegistryClient(HostOf(reference), options), ownsClient: true));
    }

    private static string HostOf(ImageReference reference) =>
        reference.Transport == ImageTransport.Registry
            ? reference.Host!
            : throw new ArgumentException($"{reference} is not a registry reference (docker://HOST/REPO:TAG)", nameof(reference));
}
