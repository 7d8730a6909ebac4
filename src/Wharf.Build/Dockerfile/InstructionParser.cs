using System.Text.RegularExpressions;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Turns one logical line into its instruction record. Problems are thrown as <see cref="FormatException"/> with
/// the detail only; <see cref="DockerfileParser"/> adds the file, line and keyword.
/// </summary>
internal static partial class InstructionParser
{
    public static readonly IReadOnlyList<string> Keywords =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    private static readonly Dictionary<string, FlagKind> NoFlags = [];

    public static Instruction Parse(string text, int line, IReadOnlyList<Heredoc> heredocs, char escape)
    {
        var split = InstructionSplitter.Split(text, escape);
        var rest = split.Rest;
        return split.Keyword switch
        {
            "FROM" => ParseFrom(line, split),
            "ARG" => ParseArg(line, Words(split, escape)),
            "ENV" => new EnvInstruction(line, ArgumentWords.KeyValues(rest, escape, "ENV")).Checked(split.Flags, NoFlags),
            "LABEL" => new LabelInstruction(line, ArgumentWords.KeyValues(rest, escape, "LABEL")).Checked(split.Flags, NoFlags),
            "RUN" => RunParser.Parse(line, split, heredocs),
            "CMD" => new CmdInstruction(line, ParseCommand(rest)).Checked(split.Flags, NoFlags),
            "ENTRYPOINT" => new EntrypointInstruction(line, ParseCommand(rest)).Checked(split.Flags, NoFlags),
            "SHELL" => ParseShell(line, split),
            "COPY" => CopyAndAddParser.ParseCopy(line, split, heredocs),
            "ADD" => CopyAndAddParser.ParseAdd(line, split, heredocs),
            "EXPOSE" => new ExposeInstruction(line, AtLeastOne("EXPOSE", ArgumentWords.SplitOnBlanks(rest))).Checked(split.Flags, NoFlags),
            "VOLUME" => ParseVolume(line, split),
            "USER" => new UserInstruction(line, ExactlyOne("USER", rest)).Checked(split.Flags, NoFlags),
            "WORKDIR" => new WorkdirInstruction(line, ExactlyOne("WORKDIR", rest)).Checked(split.Flags, NoFlags),
            "STOPSIGNAL" => new StopSignalInstruction(line, ExactlyOne("STOPSIGNAL", rest)).Checked(split.Flags, NoFlags),
            "MAINTAINER" => new MaintainerInstruction(line, ExactlyOne("MAINTAINER", rest)).Checked(split.Flags, NoFlags),
            "HEALTHCHECK" => HealthcheckParser.Parse(line, split),
            "ONBUILD" => ParseOnbuild(line, split, heredocs, escape),
            _ => throw new FormatException(
                $"unknown instruction: {split.Keyword}{Suggestion.DidYouMean(split.Keyword, Keywords)}"),
        };
    }

    private static T Checked<T>(this T instruction, IReadOnlyList<string> flags, IReadOnlyDictionary<string, FlagKind> accepted)
        where T : Instruction
    {
        InstructionFlags.Parse(flags, accepted);
        return instruction;
    }

    private static FromInstruction ParseFrom(int line, SplitLine split)
    {
        var flags = InstructionFlags.Parse(split.Flags, new Dictionary<string, FlagKind> { ["platform"] = FlagKind.String });
        var args = ArgumentWords.SplitOnBlanks(split.Rest);
        string? stageName = null;
        if (args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
        {
            stageName = args[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(stageName))
            {
                throw new FormatException($"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
            }
        }
        else if (args.Count != 1)
        {
            throw new FormatException("FROM requires either one or three arguments");
        }

        return new FromInstruction(line, args[0], stageName, flags.String("platform"));
    }

    private static ArgInstruction ParseArg(int line, IReadOnlyList<string> words)
    {
        var declarations = new List<ArgDeclaration>();
        foreach (var word in AtLeastOne("ARG", words))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0)
            {
                throw new FormatException("ARG names can not be blank");
            }

            declarations.Add(equals < 0 ? new ArgDeclaration(word, null) : new ArgDeclaration(word[..equals], word[(equals + 1)..]));
        }

        return new ArgInstruction(line, declarations);
    }

    private static IReadOnlyList<string> Words(SplitLine split, char escape)
    {
        InstructionFlags.Parse(split.Flags, NoFlags);
        return ArgumentWords.SplitKeepingQuotes(split.Rest, escape);
    }

    internal static CommandLine ParseCommand(string rest) =>
        JsonArguments.TryParse(rest, out var argv) ? CommandLine.Exec(argv) : CommandLine.Shell(rest);

    private static ShellInstruction ParseShell(int line, SplitLine split)
    {
        InstructionFlags.Parse(split.Flags, NoFlags);
        if (!JsonArguments.TryParse(split.Rest, out var shell))
        {
            throw new FormatException($"SHELL requires the arguments to be in JSON form, not: {split.Rest}");
        }

        return shell.Count == 0 ? throw new FormatException("SHELL requires at least one argument") : new ShellInstruction(line, shell);
    }

    private static VolumeInstruction ParseVolume(int line, SplitLine split)
    {
        InstructionFlags.Parse(split.Flags, NoFlags);
        var paths = JsonArguments.TryParse(split.Rest, out var json) ? json : ArgumentWords.SplitOnBlanks(split.Rest);
        foreach (var path in AtLeastOne("VOLUME", paths))
        {
            if (path.Trim().Length == 0)
            {
                throw new FormatException("VOLUME specified can not be an empty string");
            }
        }

        return new VolumeInstruction(line, [.. paths.Select(p => p.Trim())]);
    }

    private static OnbuildInstruction ParseOnbuild(int line, SplitLine split, IReadOnlyList<Heredoc> heredocs, char escape)
    {
        InstructionFlags.Parse(split.Flags, NoFlags);
        if (split.Rest.Length == 0)
        {
            throw new FormatException("ONBUILD requires at least one argument");
        }

        var trigger = DockerfileLineReader.InstructionKeyword(split.Rest);
        switch (trigger)
        {
            case "ONBUILD":
                throw new FormatException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM" or "MAINTAINER":
                throw new FormatException($"{trigger} isn't allowed as an ONBUILD trigger");
        }

        var expression = split.Rest + string.Concat(heredocs.Select(h => "\n" + h.Content + h.Name));
        return new OnbuildInstruction(line, expression, Parse(split.Rest, line, heredocs, escape));
    }

    internal static IReadOnlyList<string> AtLeastOne(string keyword, IReadOnlyList<string> args) =>
        args.Count == 0 ? throw new FormatException($"{keyword} requires at least one argument") : args;

    private static string ExactlyOne(string keyword, string rest) =>
        rest.Length == 0 ? throw new FormatException($"{keyword} requires exactly one argument") : rest;

    [GeneratedRegex("^[a-z][a-z0-9-_.]*$")]
    private static partial Regex StageNamePattern();
}
