using Wharf.Build.Store;

namespace Wharf.Build.State;

/// <summary>A builder's state directory (<see cref="BuilderOptions.StateDirectory"/>) as a whole: how much of it there
/// is (<c>wharf builder du</c>) and pruning it (<c>wharf builder prune</c>, and a server's <c>Builds:StateMaxSize</c>).
/// A prune holds the state exclusively (<see cref="StateLock"/>), so it never removes anything a build running in any
/// process uses, and whatever scratch space it finds belongs to builds that stopped. Everything it removes is cache: a
/// later build fetches, unpacks or runs again what it needs, with the same result.</summary>
public static class BuilderState
{
    /// <summary>Prunes as <paramref name="options"/> say. When builds hold the state: without
    /// <see cref="StatePruneOptions.Wait"/>, returns <see cref="StatePruneResult.BuildsRunning"/> having removed
    /// nothing; with it, waits for them (cancellable by <paramref name="ct"/>). A missing directory is empty.</summary>
    public static async Task<StatePruneResult> PruneAsync(string stateDirectory, StatePruneOptions options, CancellationToken ct)
    {
        var state = Path.GetFullPath(stateDirectory);
        if (!Directory.Exists(state))
        {
            return StatePruneResult.Nothing;
        }

        using var lease = await StateLock.ForPruneAsync(state, options.Wait, ct);
        if (lease is null)
        {
            return StatePruneResult.BuildsRunning;
        }

        var inventory = StateInventory.Scan(state, buildsRunning: false);
        var remover = new StateRemover(state, options.Runc);
        var removed = new Dictionary<StateKind, int>();
        var failures = new List<string>();
        var reclaimed = 0L;
        foreach (var item in PrunePlan.Make(inventory, options, options.Time.GetUtcNow()))
        {
            ct.ThrowIfCancellationRequested();
            if (await remover.RemoveAsync(item, ct) is { } failure)
            {
                failures.Add(failure);
                continue;
            }

            reclaimed += item.Size;
            removed[item.Kind] = removed.GetValueOrDefault(item.Kind) + 1;
        }

        return new StatePruneResult(false, reclaimed, removed, failures, inventory.Total - reclaimed);
    }

    /// <summary>Measures the state without locking it (builds may run meanwhile: their scratch is counted as
    /// <see cref="StateKind.RunningBuilds"/>, and the figures are as of the moment each piece was read).</summary>
    public static StateUsage Measure(string stateDirectory)
    {
        var state = Path.GetFullPath(stateDirectory);
        if (!Directory.Exists(state))
        {
            return new StateUsage([]);
        }

        var inventory = StateInventory.Scan(state, StateLock.IsBusy(state));
        var plan = PrunePlan.Make(inventory, new StatePruneOptions(), DateTimeOffset.UtcNow);
        var owners = Owners(inventory);
        var sizes = inventory.Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => (Items: g.Count(), Size: g.Sum(i => i.Size)));
        foreach (var content in inventory.Content.Values)
        {
            var kind = owners.GetValueOrDefault(content.Key, StateKind.Unused);
            var (items, size) = sizes.GetValueOrDefault(kind);
            sizes[kind] = (kind == StateKind.Unused ? items + 1 : items, size + content.Size);
        }

        var reclaimable = plan.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Sum(i => i.Size));
        return new StateUsage([.. Enum.GetValues<StateKind>()
            .Where(sizes.ContainsKey)
            .Select(k => new StateKindUsage(k, sizes[k].Items, sizes[k].Size, reclaimable.GetValueOrDefault(k)))]);
    }

    /// <summary>The bytes the state takes on disk, as <see cref="Measure"/> counts them, without reading its records:
    /// what a server checks after every build.</summary>
    public static long SizeOf(string stateDirectory)
    {
        var state = Path.GetFullPath(stateDirectory);
        return Directory.Exists(state) ? StateInventory.Scan(state, buildsRunning: false, readRecords: false).Total : 0;
    }

    /// <summary>Which kind content counts under: a base image's when one names it (a prune keeps it with the image),
    /// else the first other kind naming it.</summary>
    private static Dictionary<string, StateKind> Owners(StateInventory inventory)
    {
        var owners = new Dictionary<string, StateKind>(StringComparer.Ordinal);
        foreach (var item in inventory.Items.OrderBy(i => i.Kind == StateKind.BaseImages ? 0 : 1))
        {
            foreach (var key in item.Refs)
            {
                owners.TryAdd(key, item.Kind);
            }
        }

        return owners;
    }
}
