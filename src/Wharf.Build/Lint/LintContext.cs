using System.Globalization;
using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint;

/// <summary>
/// The parsed Dockerfile and what several rules need to know about it, worked out once: each RUN's commands and
/// their effect on caches, the variables set before it, which stage a stage is built <c>FROM</c>, and which stages
/// can end up in an image at all (a stage only copied from never ships its layers).
/// </summary>
internal sealed class LintContext
{
    private readonly Dictionary<RunInstruction, (IReadOnlyList<ShellCommand> Commands, RunEffects Effects)> _runs = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int> _copiedFrom = [];

    public LintContext(ParsedDockerfile dockerfile)
    {
        Dockerfile = dockerfile;
        var finalEnvironment = new Dictionary<int, HashSet<string>>();
        var finalShellIsPosix = new Dictionary<int, bool>();
        foreach (var stage in dockerfile.Stages)
        {
            var parent = Parent(stage);
            var environment = parent is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(finalEnvironment[parent.Index], StringComparer.Ordinal);
            var posix = parent is null || finalShellIsPosix[parent.Index];
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction)
                {
                    case EnvInstruction env:
                        environment.UnionWith(env.Variables.Select(v => v.Key));
                        break;
                    case ArgInstruction arg:
                        environment.UnionWith(arg.Args.Select(a => a.Name));
                        break;
                    case ShellInstruction shell:
                        posix = shell.Shell.Count > 0 && ShellCommandReader.IsShell(shell.Shell[0]);
                        break;
                    case RunInstruction run:
                        // A PowerShell or cmd script is not for this reader; its exec form still is an argv.
                        IReadOnlyList<ShellCommand> commands = posix || !run.Command.IsShellForm ? RunScript.Commands(run) : [];
                        _runs[run] = (commands, RunEffects.Of(run, commands, environment));
                        break;
                    case CopyInstruction { From: { } from }:
                        NoteCopiedFrom(stage, from);
                        break;
                }

                foreach (var mount in (instruction as RunInstruction)?.Mounts ?? [])
                {
                    if (mount.From is { } source)
                    {
                        NoteCopiedFrom(stage, source);
                    }
                }
            }

            finalEnvironment[stage.Index] = environment;
            finalShellIsPosix[stage.Index] = posix;
        }
    }

    public ParsedDockerfile Dockerfile { get; }

    public IReadOnlyList<ShellCommand> Commands(RunInstruction run) => _runs[run].Commands;

    public RunEffects Effects(RunInstruction run) => _runs[run].Effects;

    /// <summary>The earlier stage <paramref name="stage"/> is built <c>FROM</c>, or null for an image or scratch.</summary>
    public Stage? Parent(Stage stage) =>
        Dockerfile.Stages.Take(stage.Index).LastOrDefault(s => s.Name is not null && s.Name.Equals(stage.From.BaseName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The stage's instructions preceded by those of the stages it is built FROM, oldest first: its layers' order.</summary>
    public IEnumerable<(Stage Stage, Instruction Instruction)> Lineage(Stage stage)
    {
        var chain = new Stack<Stage>();
        for (Stage? s = stage; s is not null; s = Parent(s))
        {
            chain.Push(s);
        }

        return chain.SelectMany(s => s.Instructions.Select(i => (s, i)));
    }

    /// <summary>
    /// True when the stage's layers can be in an image: the last stage, a stage no later one uses (a <c>--target</c>),
    /// or the FROM of such a stage. A stage that later stages only copy from ships none of its layers.
    /// </summary>
    public bool Ships(Stage stage) =>
        stage.Index == Dockerfile.Stages.Count - 1
        || Dockerfile.Stages.Where(s => s.Index > stage.Index && Parent(s) == stage).Any(Ships)
        || (!_copiedFrom.Contains(stage.Index) && !Dockerfile.Stages.Any(s => s.Index > stage.Index && Parent(s) == stage));

    public Advice Advise(string ruleId, int line, string message, string fix) => new(ruleId, Dockerfile.File, line, message, fix);

    private void NoteCopiedFrom(Stage stage, string source)
    {
        var named = int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < stage.Index
            ? Dockerfile.Stages[index]
            : Dockerfile.Stages.Take(stage.Index).LastOrDefault(s => s.Name is not null && s.Name.Equals(source, StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            _copiedFrom.Add(named.Index);
        }
    }
}
