using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Packages;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// Packages installed by name alone (<c>apt-get install curl</c>, <c>pip install flask</c>, <c>npm install
/// express</c>, <c>gem install rails</c>): the same Dockerfile installs other versions next month, so rebuilds drift
/// and stop being reproducible. Installs from a lockfile or requirements file, and words holding a variable, are
/// left alone. Every stage is checked: a builder stage's drift reaches the image through what it builds.
/// </summary>
internal sealed class UnpinnedPackagesRule : ILintRule
{
    private const int Named = 4;

    public string Id => "UnpinnedPackages";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var run in context.Dockerfile.Stages.SelectMany(s => s.Instructions).OfType<RunInstruction>())
        {
            foreach (var install in context.Commands(run).Select(PackageInstalls.Find).OfType<PackageInstall>().Where(i => i.Unpinned.Count > 0))
            {
                var names = string.Join(", ", install.Unpinned.Take(Named))
                    + (install.Unpinned.Count > Named ? $" and {install.Unpinned.Count - Named} more" : "");
                yield return context.Advise(
                    Id, run.Line,
                    $"{install.Tool} of {names} without a version: a rebuild can install different ones",
                    $"pin each version: {install.PinHint}");
            }
        }
    }
}
