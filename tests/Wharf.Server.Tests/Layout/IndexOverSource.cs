using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Server.Tests.Layout;

/// <summary>A source whose root is an index over manifests that several other sources hold, to write a
/// multi-platform index from real single-platform images.</summary>
internal sealed class IndexOverSource(ManifestContent index, params IImageSource[] sources) : IImageSource
{
    public ImageReference Reference => sources[0].Reference;

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) => Task.FromResult(index);

    public async Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct)
    {
        if (digest == index.Digest)
        {
            return index;
        }

        foreach (var source in sources)
        {
            if ((await source.GetManifestAsync(ct)).Digest == digest)
            {
                return await source.GetManifestAsync(ct);
            }
        }

        throw new ImageNotFoundException($"no manifest {digest}");
    }

    public async Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct)
    {
        foreach (var source in sources)
        {
            try
            {
                return await source.OpenBlobAsync(blob, offset, ct);
            }
            catch (ImageNotFoundException)
            {
                // Another source holds it.
            }
        }

        throw new ImageNotFoundException($"no blob {blob.Digest}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
