namespace Wharf.Build.State;

/// <summary>One kind of a builder's state: its pieces, their bytes on disk (blocks allocated, hard links once), and the
/// bytes a prune without <c>--all</c> would free.</summary>
public sealed record StateKindUsage(StateKind Kind, int Items, long Size, long Reclaimable);
