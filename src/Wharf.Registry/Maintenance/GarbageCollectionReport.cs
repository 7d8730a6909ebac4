namespace Wharf.Registry.Maintenance;

/// <summary>What one garbage-collection run removed.</summary>
public sealed record GarbageCollectionReport(int LinksRemoved, int BlobsDeleted, long BytesFreed);
