namespace Wharf.Registry.Maintenance;

/// <summary>One garbage collection as recorded: <see cref="Outcome"/> is completed, cancelled or failed; what it freed
/// counts until it ended.</summary>
public sealed record GarbageCollectionRun(
    DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome, int LinksRemoved, int BlobsDeleted, long BytesFreed);
