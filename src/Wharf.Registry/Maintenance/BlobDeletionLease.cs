namespace Wharf.Registry.Maintenance;

/// <summary>A <c>blob_deletions</c> row is a lease (decision 005): its collector deletes the bytes within
/// <see cref="DeleteTimeout"/> and ends the row; nobody else touches the digest's bytes until the row is older than
/// <see cref="Duration"/>, by when its collector has finished or given up. An upload of that digest waits for a young
/// row to end rather than finishing the deletion itself — finishing it would race the collector's own delete, which
/// could then remove the bytes the upload has just committed.</summary>
public static class BlobDeletionLease
{
    /// <summary>How long a deletion belongs to the collector that began it.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    /// <summary>How long a collector gives one blob's delete before it leaves the row for a later run; far below
    /// <see cref="Duration"/>, so a delete is over before anyone may take the deletion over.</summary>
    public static readonly TimeSpan DeleteTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How long an upload waits for a collector to end a young deletion of its digest before answering 429.</summary>
    public static readonly TimeSpan UploadWait = TimeSpan.FromSeconds(30);
}
