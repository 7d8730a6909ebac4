using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Cli.Commands;

/// <summary>The one place the CLI turns an <see cref="ImageReference"/> into a source or destination: registries
/// with docker's credentials (~/.docker/config.json and its helpers), files and directories by path.</summary>
internal sealed class ImageTransports(bool insecure)
{
    public const string Syntax = "docker://HOST/REPO[:TAG|@DIGEST] (or just HOST/REPO:TAG), oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE[:REPO:TAG]";

    /// <summary>How every registry is reached from this command.</summary>
    public RegistryClientOptions RegistryOptions { get; } = new() { Insecure = insecure, CredentialStore = DockerCredentials.FromEnvironment() };

    public async Task<IImageSource> OpenSourceAsync(ImageReference reference, CancellationToken ct) =>
        reference.Transport == ImageTransport.Registry
            ? await RegistryImageTransports.OpenSourceAsync(reference, RegistryOptions, ct)
            : await FileImageTransports.OpenSourceAsync(reference, ct);

    public async Task<IImageDestination> OpenDestinationAsync(ImageReference reference, CancellationToken ct) =>
        reference.Transport == ImageTransport.Registry
            ? await RegistryImageTransports.OpenDestinationAsync(reference, RegistryOptions, ct)
            : await FileImageTransports.OpenDestinationAsync(reference, ct);

    /// <summary>A client for the registry of <paramref name="reference"/>; a clear error for a file reference.</summary>
    public RegistryClient OpenRegistry(ImageReference reference) =>
        reference.Transport == ImageTransport.Registry
            ? new RegistryClient(reference.Host!, RegistryOptions)
            : throw new ArgumentException($"{reference} is not in a registry; this command needs HOST/REPO[:TAG]");
}
