using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>What a registry source and a registry destination share: the repository reference, the client of its host,
/// and whether disposing the end disposes that client.</summary>
public abstract class RegistryRepositoryEnd : IAsyncDisposable
{
    private readonly bool _ownsClient;

    /// <param name="client">The client for the reference's host; disposed with this end when <paramref name="ownsClient"/>.</param>
    protected RegistryRepositoryEnd(ImageReference reference, RegistryClient client, bool ownsClient)
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

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
