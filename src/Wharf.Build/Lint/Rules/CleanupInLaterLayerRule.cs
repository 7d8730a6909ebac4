using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Packages;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// A cleanup in a later RUN than the one that made the files (<c>RUN apt-get update …</c> then <c>RUN rm -rf
/// /var/lib/apt/lists/*</c>): the later layer only records a deletion, the bytes stay in the earlier layer and every
/// pull still downloads them. Layers of the stages a stage is built FROM count; stages that never ship are skipped.
/// </summary>
internal sealed class CleanupInLaterLayerRule : ILintRule
{
    public string Id => "CleanupInLaterLayer";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages.Where(context.Ships))
        {
            var left = new List<(RunEffects.Fill Fill, int Line)>();
            foreach (var (owner, instruction) in context.Lineage(stage))
            {
                switch (instruction)
                {
                    case RunInstruction run:
                        var effects = context.Effects(run);
                        foreach (var removal in effects.Removals)
                        {
                            var stale = left.Where(l => CachePath.Overlaps(removal.Path, l.Fill.Path) && !effects.CleansItsOwn(removal, l.Fill)).ToList();
                            if (stale.Count == 0)
                            {
                                continue;
                            }

                            left.RemoveAll(stale.Contains);
                            if (owner == stage)
                            {
                                yield return Advise(context, run, removal, stale);
                            }
                        }

                        left.AddRange(effects.Left.Select(f => (f, run.Line)));
                        break;
                    case CopyInstruction or AddInstruction:
                        if (TemporaryDestination(instruction) is { } fill)
                        {
                            left.Add((fill, instruction.Line));
                        }

                        break;
                }
            }
        }
    }

    private Advice Advise(LintContext context, RunInstruction run, RunEffects.Removal removal, List<(RunEffects.Fill Fill, int Line)> stale)
    {
        var first = stale.MinBy(s => s.Line);
        var lines = stale.Select(s => s.Line).Distinct().Order().ToList();
        var where = lines.Count == 1 ? $"line {lines[0]}" : $"lines {string.Join(", ", lines)}";
        return context.Advise(
            Id, run.Line,
            $"`{removal.Command.Text}` cannot make the image smaller: the {first.Fill.Cache.Name} that {where} ({first.Fill.Command.Text}) left stay in that earlier layer",
            $"delete them in the step at line {first.Line} that creates them");
    }

    /// <summary>A COPY or ADD into /tmp: files a later <c>rm</c> cannot take out of the image.</summary>
    private static RunEffects.Fill? TemporaryDestination(Instruction instruction)
    {
        var destination = instruction switch
        {
            CopyInstruction copy => copy.Destination,
            AddInstruction add => add.Destination,
            _ => null,
        };
        var path = destination is null ? null : CachePath.Normalize(destination);
        if (path is null || !CachePath.Covers("/tmp", path))
        {
            return null;
        }

        var command = new Shell.ShellCommand([instruction.Keyword, destination!], [], []);
        return new RunEffects.Fill(PackageCache.Temporary, path, -1, command);
    }
}
