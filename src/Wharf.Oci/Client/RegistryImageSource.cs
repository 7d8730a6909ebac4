using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>An image in a registry repository as an <see cref="IImageSource"/>: the manifest the reference's tag or
/// digest names, child manifests and blobs by digest (blobs from an offset, for a resumed transfer).</summary>
public sealed class RegistryImageSource : IImageSource
{
    private readonly bool _ownsClient;

    /// <param name="client">The client for the reference's host; disposed with this source when <paramref name="ownsClient"/>.</param>
    public RegistryImageSource(ImageReference reference, RegistryClient client, bool ownsClient = false)
    {
        Reference = reference.Transport == ImageTransport.Registry
            ? reference
            : throw new ArgumentException($"{reference} is not a registry reference", nameof(reference));
        Client = client;
        _ownsClient = ownsClient;
    }

    public ImageReference Reference { get; }

    /// <summary>The client of the reference's host (for a mount from this repository, or an inspection).</summary>
    public RegistryClient Client { get; }

    public RepositoryName Repository => Reference.Repository!.Value;

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

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
