namespace Wharf.Oci.Images;

/// <summary>What a copy reports as it goes, for progress bars and JSON output. Called from several tasks at once
/// (blobs are copied concurrently): implementations must be thread-safe.</summary>
public interface ICopyProgress
{
    /// <summary>A blob's transfer (or reuse check) began.</summary>
    void BlobStarted(Descriptor blob);

    /// <summary>Bytes of the blob transferred so far.</summary>
    void BlobAdvanced(Descriptor blob, long bytes);

    /// <summary>The blob is at the destination, sent (<see cref="BlobReuse.None"/>) or not.</summary>
    void BlobFinished(Descriptor blob, BlobReuse reuse);

    void ManifestWritten(ManifestContent manifest);
}
