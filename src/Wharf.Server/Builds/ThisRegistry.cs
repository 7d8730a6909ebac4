using Wharf.Oci.Images;

namespace Wharf.Server.Builds;

/// <summary>Whether an image reference in a build on the server names this registry: its host is the one the submitter
/// sent the build to (<c>BuildSpec.RegistryHost</c>, the request's Host; decision 017). Such a FROM or cache ref is
/// reached in process as the submitter; any other goes over the network, anonymously.</summary>
internal static class ThisRegistry
{
    public static bool Names(string? registryHost, ImageReference reference) =>
        reference.Transport == ImageTransport.Registry
        && registryHost is { } host
        && string.Equals(reference.Host, host, StringComparison.OrdinalIgnoreCase);
}
