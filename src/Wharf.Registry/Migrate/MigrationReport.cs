namespace Wharf.Registry.Migrate;

/// <summary>What a finished <c>wharf migrate</c> did.</summary>
/// <param name="Resumed">It continued an unfinished copy from the same source.</param>
/// <param name="BlobsCopied">Blobs read, verified and written.</param>
/// <param name="BytesCopied">Their bytes.</param>
/// <param name="BlobsPresent">Blobs the target had already (same digest and size), not read.</param>
/// <param name="Tables">Rows copied per table, in the order copied.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record MigrationReport(
    bool Resumed, int BlobsCopied, long BytesCopied, int BlobsPresent, IReadOnlyList<TableReport> Tables, TimeSpan Elapsed);
