namespace Wharf.Build.State;

/// <summary>A builder's state directory measured (<c>wharf builder du</c>): per kind, how many pieces, the bytes they
/// take on disk, and how many of those a prune without <c>--all</c> would free.</summary>
public sealed record StateUsage(IReadOnlyList<StateKindUsage> Kinds)
{
    public long Total => Kinds.Sum(k => k.Size);

    public long Reclaimable => Kinds.Sum(k => k.Reclaimable);
}
