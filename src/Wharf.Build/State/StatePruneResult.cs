namespace Wharf.Build.State;

/// <summary>What a prune did: the bytes it freed, how many pieces of each kind it removed, what it could not remove (one
/// line each), and the state's size afterwards. <see cref="Busy"/> when it removed nothing because builds held the state.</summary>
public sealed record StatePruneResult(
    bool Busy, long Reclaimed, IReadOnlyDictionary<StateKind, int> Removed, IReadOnlyList<string> Failures, long SizeAfter)
{
    public static StatePruneResult Nothing { get; } = new(false, 0, new Dictionary<StateKind, int>(), [], 0);

    public static StatePruneResult BuildsRunning { get; } = new(true, 0, new Dictionary<StateKind, int>(), [], 0);
}
