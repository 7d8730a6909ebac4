using Wharf.Build.Dockerfile.Instructions;
using Wharf.Oci;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Applies ARG scoping and variable substitution to a parsed Dockerfile. Global ARGs (before the first FROM) and
/// the platform ARGs are visible in FROM lines only; a stage sees a global ARG once it re-declares it without a
/// value. A build arg overrides an ARG's default; ENV wins over ARG. RUN, CMD, ENTRYPOINT, HEALTHCHECK, SHELL and
/// ONBUILD are left alone: their variables belong to the shell or to a later build.
/// </summary>
public sealed class DockerfileEvaluator
{
    private readonly ParsedDockerfile _dockerfile;
    private readonly BuildInputs _inputs;
    private readonly IReadOnlyDictionary<string, string> _platformArgs;

    public DockerfileEvaluator(ParsedDockerfile dockerfile, BuildInputs inputs)
    {
        _dockerfile = dockerfile;
        _inputs = inputs;
        _platformArgs = PredefinedArgs.ForPlatforms(inputs.BuildPlatform, inputs.TargetPlatform);
        GlobalScope = EvaluateGlobalArgs();
    }

    /// <summary>The values FROM lines see: the platform ARGs and the global ARGs (build args applied).</summary>
    public IReadOnlyDictionary<string, string> GlobalScope { get; }

    /// <summary>The stage's FROM reference with global ARGs substituted; refused when it comes out empty.</summary>
    public string ResolveBaseName(Stage stage)
    {
        var name = Expand(stage.From, GlobalScope.GetValueOrDefault, stage.From.BaseName);
        return name.Length > 0 ? name
            : throw new DockerfileException(_dockerfile.File, stage.From.Line, "FROM", $"base name ({stage.From.BaseName}) should not be blank");
    }

    /// <summary>The platform <c>FROM --platform=</c> names, with global ARGs substituted (<c>$BUILDPLATFORM</c>,
    /// <c>$TARGETPLATFORM</c>…); null without the flag.</summary>
    public Platform? ResolvePlatform(Stage stage)
    {
        if (stage.From.Platform is not { } text)
        {
            return null;
        }

        var value = Expand(stage.From, GlobalScope.GetValueOrDefault, text);
        try
        {
            return value.Length > 0 ? Wharf.Oci.Images.PlatformMatcher.Parse(value)
                : throw new FormatException($"empty platform value from expression {text}");
        }
        catch (FormatException e)
        {
            throw new DockerfileException(_dockerfile.File, stage.From.Line, "FROM", e.Message);
        }
    }

    /// <param name="stage">The stage to evaluate.</param>
    /// <param name="baseImageEnv">The base image's ENV (empty for scratch or before the base is known).</param>
    public EvaluatedStage Evaluate(Stage stage, IEnumerable<KeyValuePair<string, string>>? baseImageEnv = null)
    {
        var scope = new VariableScope(baseImageEnv ?? []);
        var platform = stage.From.Platform is { } p ? Expand(stage.From, GlobalScope.GetValueOrDefault, p) : null;
        var instructions = new List<Instruction>();
        var runArgs = new List<IReadOnlyDictionary<string, string>>();
        foreach (var instruction in stage.Instructions)
        {
            if (instruction is ArgInstruction arg)
            {
                Declare(arg, scope);
            }

            var expander = new ShellWordExpander(_dockerfile.Directives.Escape, scope.Lookup);
            var expanded = Wrap(instruction, () => InstructionExpander.Expand(instruction, expander));
            if (expanded is EnvInstruction env)
            {
                foreach (var variable in env.Variables)
                {
                    scope.SetEnv(variable.Key, variable.Value);
                }
            }

            instructions.Add(expanded);
            runArgs.Add(RunArgs(scope));
        }

        return new EvaluatedStage(stage, ResolveBaseName(stage), platform, instructions, runArgs);
    }

    /// <summary>The ARGs declared so far, then the proxy build args that no ARG declares.</summary>
    private Dictionary<string, string> RunArgs(VariableScope scope)
    {
        var args = new Dictionary<string, string>(scope.Args, StringComparer.Ordinal);
        foreach (var (name, value) in _inputs.BuildArgs.Where(a => PredefinedArgs.Proxy.Contains(a.Key)))
        {
            args.TryAdd(name, value);
        }

        return args;
    }

    private Dictionary<string, string> EvaluateGlobalArgs()
    {
        var scope = new Dictionary<string, string>(_platformArgs, StringComparer.Ordinal);
        foreach (var arg in _dockerfile.GlobalArgs)
        {
            foreach (var declaration in arg.Args)
            {
                var value = _inputs.BuildArgs.TryGetValue(declaration.Name, out var given) ? given
                    : declaration.Default is { } fallback ? Expand(arg, scope.GetValueOrDefault, fallback)
                    : null;
                if (value is not null)
                {
                    scope[declaration.Name] = value;
                }
            }
        }

        return scope;
    }

    private void Declare(ArgInstruction arg, VariableScope scope)
    {
        foreach (var declaration in arg.Args)
        {
            var value = _inputs.BuildArgs.TryGetValue(declaration.Name, out var given) ? given
                : declaration.Default is { } fallback ? Expand(arg, scope.Lookup, fallback)
                : GlobalScope.TryGetValue(declaration.Name, out var global) ? global
                : null;
            if (value is not null)
            {
                scope.SetArg(declaration.Name, value);
            }
        }
    }

    private string Expand(Instruction instruction, Func<string, string?> lookup, string text) =>
        Wrap(instruction, () => new ShellWordExpander(_dockerfile.Directives.Escape, lookup).ExpandWord(text));

    private T Wrap<T>(Instruction instruction, Func<T> expand)
    {
        try
        {
            return expand();
        }
        catch (FormatException e)
        {
            throw new DockerfileException(_dockerfile.File, instruction.Line, instruction.Keyword, e.Message);
        }
    }
}
