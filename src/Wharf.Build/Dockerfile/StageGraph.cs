using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Which stages each stage needs (<c>FROM &lt;stage&gt;</c>, <c>COPY --from=&lt;stage|index&gt;</c>,
/// <c>RUN --mount=from=&lt;stage|index&gt;</c>), so a build of one target builds only those. A <c>--from</c> that
/// names no stage is an image reference and needs nothing here.
/// </summary>
public sealed class StageGraph
{
    private readonly ParsedDockerfile _dockerfile;
    private readonly IReadOnlyList<IReadOnlySet<int>> _dependencies;

    public StageGraph(ParsedDockerfile dockerfile, DockerfileEvaluator evaluator)
    {
        _dockerfile = dockerfile;
        _dependencies = [.. dockerfile.Stages.Select(stage => FindDependencies(stage, evaluator))];
    }

    /// <summary>The indexes of the stages <paramref name="stageIndex"/> reads from directly.</summary>
    public IReadOnlySet<int> DependenciesOf(int stageIndex) => _dependencies[stageIndex];

    /// <summary>The stage <c>--target</c> names (case-insensitive), or the last stage when <paramref name="target"/> is null.</summary>
    public Stage Target(string? target)
    {
        if (target is null)
        {
            return _dockerfile.Stages[^1];
        }

        return _dockerfile.FindStage(target) ?? throw new DockerfileException(
            _dockerfile.File, 0, null,
            $"target stage \"{target}\" could not be found{Suggestion.DidYouMean(target, _dockerfile.Stages.Select(s => s.Name).OfType<string>())}");
    }

    /// <summary>The stages a build of <paramref name="target"/> needs, dependencies first, the target last.</summary>
    public IReadOnlyList<Stage> StagesFor(string? target)
    {
        var needed = new SortedSet<int>();
        var pending = new Stack<int>([Target(target).Index]);
        while (pending.TryPop(out var index))
        {
            if (needed.Add(index))
            {
                foreach (var dependency in _dependencies[index])
                {
                    pending.Push(dependency);
                }
            }
        }

        // Dependencies always have lower indexes, so index order is a valid build order.
        return [.. needed.Select(i => _dockerfile.Stages[i])];
    }

    private SortedSet<int> FindDependencies(Stage stage, DockerfileEvaluator evaluator)
    {
        var dependencies = new SortedSet<int>();
        if (Earlier(stage, evaluator.ResolveBaseName(stage)) is { } baseStage)
        {
            dependencies.Add(baseStage.Index);
        }

        foreach (var instruction in stage.Instructions)
        {
            var sources = instruction switch
            {
                CopyInstruction { From: { } from } => [from],
                RunInstruction run => run.Mounts.Select(m => m.From).OfType<string>(),
                _ => [],
            };
            foreach (var source in sources)
            {
                if (Referenced(stage, instruction, source) is { } dependency)
                {
                    dependencies.Add(dependency.Index);
                }
            }
        }

        return dependencies;
    }

    private Stage? Earlier(Stage stage, string name) =>
        _dockerfile.Stages.Take(stage.Index).LastOrDefault(s => s.Name is not null && s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private Stage? Referenced(Stage stage, Instruction instruction, string source)
    {
        Stage? named;
        if (int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            named = index < _dockerfile.Stages.Count ? _dockerfile.Stages[index]
                : throw new DockerfileException(_dockerfile.File, instruction.Line, instruction.Keyword, $"invalid stage index {index}");
        }
        else
        {
            named = _dockerfile.FindStage(source);
        }

        if (named is not null && named.Index >= stage.Index)
        {
            throw new DockerfileException(
                _dockerfile.File, instruction.Line, instruction.Keyword,
                instruction is RunInstruction
                    ? $"cannot mount from stage \"{source}\", it needs to be defined before current stage \"{stage.DisplayName}\""
                    : $"cannot copy from stage \"{source}\", it needs to be defined before current stage \"{stage.DisplayName}\"");
        }

        return named;
    }
}
