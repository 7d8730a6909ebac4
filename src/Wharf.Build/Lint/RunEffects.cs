using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Packages;
using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint;

/// <summary>
/// What one RUN does to caches and temporary files: each fill and each removal with the index of its command (order
/// matters: a cleanup before the install cleans nothing), and what it leaves in its layer. Paths under a
/// <c>--mount</c> of any type never reach the layer, so fills there are not recorded.
/// </summary>
internal sealed record RunEffects(
    IReadOnlyList<RunEffects.Fill> Fills,
    IReadOnlyList<RunEffects.Removal> Removals)
{
    public static RunEffects Of(RunInstruction run, IReadOnlyList<ShellCommand> commands, IReadOnlySet<string> environment)
    {
        var mounted = run.Mounts.Select(m => m.Target is { } target ? CachePath.Normalize(target) : null).OfType<string>().ToList();
        var fills = new List<Fill>();
        var removals = new List<Removal>();
        for (var i = 0; i < commands.Count; i++)
        {
            fills.AddRange(CacheEffects.Fills(commands[i], environment)
                .Where(f => !mounted.Any(m => CachePath.Covers(m, f.Path)))
                .Select(f => new Fill(f.Cache, f.Path, i, commands[i])));
            removals.AddRange(CacheEffects.Removes(commands[i]).Select(path => new Removal(path, i, commands[i])));
        }

        return new RunEffects(fills, removals);
    }

    /// <summary>The fills no later command of the same RUN removes: what this RUN leaves in its layer.</summary>
    public IEnumerable<Fill> Left => Fills.Where(f => !Removals.Any(r => r.Index > f.Index && CachePath.Overlaps(r.Path, f.Path)));

    /// <summary>
    /// True when this RUN itself filled the cache <paramref name="removal"/> deletes before deleting it, so the removal
    /// is its own cleanup. Never for temporary files: a RUN naming <c>/tmp/x</c> may only be reading what an earlier
    /// layer put there, and those bytes stay whatever this RUN deletes.
    /// </summary>
    public bool CleansItsOwn(Removal removal, Fill earlier) =>
        earlier.Cache != PackageCache.Temporary && Fills.Any(f => f.Index < removal.Index && f.Cache == earlier.Cache && CachePath.Overlaps(f.Path, removal.Path));

    /// <summary>A command of the RUN that fills <see cref="Cache"/> at <see cref="Path"/>.</summary>
    public sealed record Fill(PackageCache Cache, string Path, int Index, ShellCommand Command);

    /// <summary>A command of the RUN that deletes <see cref="Path"/>.</summary>
    public sealed record Removal(string Path, int Index, ShellCommand Command);
}
