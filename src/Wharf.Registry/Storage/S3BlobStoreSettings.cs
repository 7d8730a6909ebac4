namespace Wharf.Registry.Storage;

/// <summary>Where in the object store an <see cref="S3BlobStore"/> keeps its objects, and how it hands out blobs.</summary>
/// <param name="Bucket">The bucket (it must exist).</param>
public sealed record S3BlobStoreSettings(string Bucket)
{
    /// <summary>Put before every key, so one bucket can hold several registries (or test runs); "" for none.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>How long a presigned download URL is valid; null to serve blob bytes through Wharf instead of
    /// redirecting clients to the store.</summary>
    public TimeSpan? RedirectLifetime { get; init; }

    /// <summary>Keys per listing request (S3 allows at most 1000); small only to exercise paging in tests.</summary>
    public int ListPageSize { get; init; } = 1000;
}
