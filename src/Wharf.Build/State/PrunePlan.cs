namespace Wharf.Build.State;

/// <summary>What a prune removes, in order: first every leftover of a stopped build, then the eligible pieces least
/// recently used first, each followed by the content it was the last to name, until the state is down to
/// <see cref="StatePruneOptions.KeepStorage"/> (when set). Eligible: cache entries, cache mounts, git checkouts, advice and content
/// nothing names; base images only with <see cref="StatePruneOptions.All"/>; with <see cref="StatePruneOptions.Until"/>,
/// only what was last used before then. Content a kept piece names is kept. A pure function of the inventory, so
/// <c>du</c> shows what a prune would free.</summary>
internal static class PrunePlan
{
    public static IReadOnlyList<StateItem> Make(StateInventory inventory, StatePruneOptions options, DateTimeOffset now)
    {
        var plan = new List<StateItem>();
        var size = inventory.Total;
        foreach (var leftover in inventory.Items.Where(i => i.Kind == StateKind.Leftovers))
        {
            plan.Add(leftover);
            size -= leftover.Size;
        }

        var names = inventory.Content.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var key in inventory.Items.SelectMany(i => i.Refs.Distinct()).Where(names.ContainsKey))
        {
            names[key]++;
        }

        var unused = inventory.Content.Values
            .Where(c => names[c.Key] == 0)
            .Select(c => new StateItem(StateKind.Unused, c.Paths, c.Size, c.LastUse, []));
        var cutoff = options.Until is { } until ? now - until : DateTimeOffset.MaxValue;
        var candidates = inventory.Items.Concat(unused)
            .Where(i => Eligible(i.Kind, options) && i.LastUse < cutoff)
            .OrderBy(i => i.LastUse)
            .ThenBy(i => i.Paths[0], StringComparer.Ordinal);
        foreach (var item in candidates)
        {
            if (size <= (options.KeepStorage ?? -1))
            {
                break;
            }

            plan.Add(item);
            size -= item.Size;
            foreach (var key in item.Refs.Distinct().Where(names.ContainsKey))
            {
                if (--names[key] == 0)
                {
                    var content = inventory.Content[key];
                    plan.Add(new StateItem(item.Kind, content.Paths, content.Size, content.LastUse, []));
                    size -= content.Size;
                }
            }
        }

        return plan;
    }

    private static bool Eligible(StateKind kind, StatePruneOptions options) => kind switch
    {
        StateKind.BuildCache or StateKind.CacheMounts or StateKind.GitCheckouts or StateKind.Advice or StateKind.Unused => true,
        StateKind.BaseImages => options.All,
        _ => false,
    };
}
