using Wharf.Build.Images;

namespace Wharf.Build.Cache;

/// <summary>The cache entries one build used or made, by stage, and which stage each stage started FROM: what a
/// <c>--cache-to</c> exports. Stages are built one after another (<see cref="ImageBuilder"/>), so an entry belongs to
/// the stage begun last.</summary>
internal sealed class CacheUse
{
    private readonly Dictionary<int, List<KeyedCacheEntry>> _entries = [];
    private readonly Dictionary<int, int?> _bases = [];
    private int? _current;

    /// <summary>Entries recorded from now on are the stage <paramref name="index"/>'s, which starts from the stage
    /// <paramref name="baseStage"/> (null: an image or scratch).</summary>
    public void BeginStage(int index, int? baseStage)
    {
        _current = index;
        _bases[index] = baseStage;
        _entries[index] = [];
    }

    /// <summary>A step's key and its result as this build used it (re-dated to its epoch), whether it was run or
    /// taken from a cache.</summary>
    public void Record(string key, CacheEntry entry)
    {
        var stage = _current ?? throw new InvalidOperationException("no stage has begun");
        _entries[stage].Add(new KeyedCacheEntry(key, entry.Layer, entry.Epoch));
    }

    /// <summary>The entries to export, each key once. <see cref="CacheMode.Min"/>: those of <paramref name="finalStage"/>
    /// and of the stages it starts from through FROM, whose layers are all in the final image (and steps that made
    /// no layer); <see cref="CacheMode.Max"/>: every stage's.</summary>
    public IReadOnlyList<KeyedCacheEntry> Select(CacheMode mode, int finalStage)
    {
        var stages = mode == CacheMode.Max ? [.. _entries.Keys] : Chain(finalStage);
        return [.. stages.SelectMany(s => _entries.GetValueOrDefault(s) ?? []).DistinctBy(e => e.Key)];
    }

    private List<int> Chain(int stage)
    {
        var chain = new List<int>();
        for (int? at = stage; at is { } index && !chain.Contains(index); at = _bases.GetValueOrDefault(index))
        {
            chain.Add(index);
        }

        return chain;
    }
}
