namespace Wharf.Oci.Images;

/// <summary>How <see cref="ImageCopier"/> copies.</summary>
public sealed record CopyOptions
{
    /// <summary>Copy only this platform of an index (the index itself is not copied). Null copies the whole index,
    /// except to a destination that holds one image, which then gets <see cref="PlatformMatcher.Host"/>.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Fail rather than convert a manifest the destination cannot hold as it is (Docker schema 2 into an OCI
    /// layout), since conversion changes its digest; as skopeo's <c>--preserve-digests</c>.</summary>
    public bool PreserveDigests { get; init; }

    /// <summary>Blobs transferred at once.</summary>
    public int Concurrency { get; init; } = 4;
}
