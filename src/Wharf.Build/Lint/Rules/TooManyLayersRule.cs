using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// More than <see cref="Limit"/> layers made by one stage (each RUN, COPY and ADD makes one): each is another blob to
/// push, pull and mount, and consecutive RUNs usually belong together. Only stages that can ship are counted.
/// </summary>
internal sealed class TooManyLayersRule : ILintRule
{
    public const int Limit = 20;

    public string Id => "TooManyLayers";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages.Where(context.Ships))
        {
            var layers = stage.Instructions.Where(i => i is RunInstruction or CopyInstruction or AddInstruction).ToList();
            if (layers.Count > Limit)
            {
                yield return context.Advise(
                    Id, layers[Limit].Line,
                    $"stage {stage.DisplayName} makes {layers.Count} layers (RUN, COPY and ADD), more than {Limit}: each is one more blob to push, pull and mount",
                    "join consecutive RUNs with && and copy files with fewer COPYs");
            }
        }
    }
}
