using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Packages;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// A package manager's cache left in the layer of the RUN that filled it: apt's lists after <c>apt-get update</c>,
/// apk's index without <c>--no-cache</c>, pip's downloads without <c>--no-cache-dir</c>, npm's cache. Not apt's
/// downloaded .debs (Debian and Ubuntu images delete them after every install), nor yarn's (Yarn 2 and later keep it
/// in the project on purpose). Only stages that can ship are checked.
/// </summary>
internal sealed class PackageCacheLeftRule : ILintRule
{
    private static readonly PackageCache[] Checked = [PackageCache.AptLists, PackageCache.Apk, PackageCache.Pip, PackageCache.Npm];

    public string Id => "PackageCacheLeft";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages.Where(context.Ships))
        {
            foreach (var run in stage.Instructions.OfType<RunInstruction>())
            {
                foreach (var fill in context.Effects(run).Left.Where(f => Checked.Contains(f.Cache)).DistinctBy(f => f.Cache))
                {
                    yield return context.Advise(
                        Id, run.Line,
                        $"`{fill.Command.Text}` leaves {fill.Cache.Name} ({fill.Cache.Directory}) in this layer",
                        $"{fill.Cache.Fix}, or use RUN {fill.Cache.MountHint}");
                }
            }
        }
    }
}
