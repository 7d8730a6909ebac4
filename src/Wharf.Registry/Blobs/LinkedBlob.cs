using Wharf.Oci;

namespace Wharf.Registry.Blobs;

/// <summary>A blob a repository links, with its size: only <see cref="BlobService.FindAsync"/> makes one, so whoever
/// holds one has passed the rule "a repository serves only the blobs it links".</summary>
public sealed record LinkedBlob
{
    internal LinkedBlob(string repository, Digest digest, long size)
    {
        Repository = repository;
        Digest = digest;
        Size = size;
    }

    public string Repository { get; }

    public Digest Digest { get; }

    public long Size { get; }
}
