using Wharf.Oci;

namespace Wharf.Registry.Migrate;

/// <summary>What <c>wharf migrate</c> tells a progress display, in order: notes, the blobs (several at once, so from
/// several threads), then the tables one after another.</summary>
public interface IMigrationProgress
{
    /// <summary>Something worth a line of its own (a resumed copy, blobs referenced since they were listed).</summary>
    void Note(string message);

    /// <summary>The source's blobs were listed; <paramref name="count"/> will follow.</summary>
    void BlobsListed(int count);

    void BlobStarted(Digest digest, long size);

    /// <summary>Bytes of the blob read, verified and written so far.</summary>
    void BlobAdvanced(Digest digest, long bytes);

    void BlobFinished(Digest digest, long size, BlobCopyOutcome outcome);

    /// <summary>The tables are about to be copied, <paramref name="count"/> of them.</summary>
    void TablesStarted(int count);

    /// <summary>Rows of <paramref name="table"/> copied so far.</summary>
    void TableAdvanced(string table, long rows);

    void TableCopied(string table, long rows);
}
