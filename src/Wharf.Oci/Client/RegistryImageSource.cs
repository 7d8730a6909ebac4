using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>An image in a registry repository as an <see cref="IImageSource"/>: the manifest the reference's tag or
/// digest names, child manifests and blobs by digest (blobs from an offset, for a resumed transfer).</summary>
public sealed class RegistryImageSource(ImageReference reference, RegistryClient client, bool ownsClient = false)
    : RegistryRepositoryEnd(reference, client, ownsClient), IImageSource
{
    public async Task<ManifestContent> GetManifestAsync(CancellationToken ct) =>
        await Client.FindManifestAsync(Repository, Reference.Reference!.Value, ct)
        ?? throw new ImageNotFoundException($"{Reference}: no such manifest at {Client.Host}");

    public async Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        await Client.FindManifestAsync(Repository, Oci.Reference.ForDigest(digest), ct)
        ?? throw new ImageNotFoundException($"{Reference}: manifest {digest} is not in {Repository} at {Client.Host}");

    public async Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct)
    {
        try
        {
            return await Client.OpenBlobAsync(Repository, blob.Digest, offset, ct);
        }
        catch (RegistryException e) when (e.Code is OciErrorCode.BlobUnknown or OciErrorCode.NameUnknown)
        {
            throw new ImageNotFoundException($"{Reference}: blob {blob.Digest} is not in {Repository} at {Client.Host}");
        }
    }
}
