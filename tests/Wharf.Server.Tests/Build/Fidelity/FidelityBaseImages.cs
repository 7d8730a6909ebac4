using System.Collections.Concurrent;
using Wharf.Build;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>The base images Wharf's builder sees in the fidelity corpus: the very images docker builds from. A local
/// docker name (<c>fidelity/busybox:1</c>) opens the <c>docker save</c> archive of that image, or an image Wharf built
/// for the case (an ONBUILD parent); a reference to the corpus registry opens it there, which is how
/// <c>FROM name@digest</c> is tested (docker knows a digest only for an image that went through a registry).</summary>
public sealed class FidelityBaseImages(string registryHost) : IBaseImages
{
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<IImageSource>>> _images = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="name"/> (as written in a Dockerfile) open the <c>docker-archive:</c> file.</summary>
    public void AddArchive(string name, string archive) =>
        _images[Key(ImageReference.Parse(name))] = async ct => await FileImageTransports.OpenSourceAsync(ImageReference.Parse($"docker-archive:{archive}"), ct);

    /// <summary>Makes <paramref name="name"/> open an image Wharf built (its source reads the builder's store, and
    /// disposing it releases nothing, so it is handed out as often as asked).</summary>
    public void AddBuilt(string name, IImageSource image) => _images[Key(ImageReference.Parse(name))] = _ => Task.FromResult(image);

    public async Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.Registry)
        {
            return await FileImageTransports.OpenSourceAsync(reference, ct);
        }

        if (reference.Host == registryHost)
        {
            return await RegistryImageTransports.OpenSourceAsync(reference, new RegistryClientOptions(), ct);
        }

        return _images.TryGetValue(Key(reference), out var open)
            ? await open(ct)
            : throw new ImageNotFoundException($"{reference}: not one of the fidelity corpus's base images");
    }

    private static string Key(ImageReference reference) => $"{reference.Host}/{reference.Repository}:{reference.Reference}";
}
