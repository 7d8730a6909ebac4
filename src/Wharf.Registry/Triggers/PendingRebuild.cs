namespace Wharf.Registry.Triggers;

/// <summary>A rebuild a tag's move owes a trigger's ref, as a node claimed it: the move that asked for it (the latest,
/// when several did) and the row's version, which a further move counts up.</summary>
public sealed record PendingRebuild(long Id, long TriggerId, string SourceRef, string Repository, string Tag, string Digest, long Version);
