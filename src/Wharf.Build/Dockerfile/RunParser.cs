using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>RUN and its flags: <c>--mount</c> (repeatable), <c>--network</c>, <c>--security</c>.</summary>
internal static class RunParser
{
    private static readonly Dictionary<string, FlagKind> Flags = new()
    {
        ["mount"] = FlagKind.Repeatable,
        ["network"] = FlagKind.String,
        ["security"] = FlagKind.String,
    };

    public static RunInstruction Parse(int line, SplitLine split, IReadOnlyList<Heredoc> heredocs)
    {
        var flags = InstructionFlags.Parse(split.Flags, Flags);
        var command = InstructionParser.ParseCommand(split.Rest);
        if (command.IsShellForm && split.Rest.Length == 0)
        {
            throw new FormatException("RUN requires at least one argument");
        }

        var mounts = flags.Strings("mount").Select(spec => RunMountParser.Parse(spec, expand: null)).ToList();
        return new RunInstruction(line, command, heredocs, mounts, ParseNetwork(flags.String("network")), ParseSecurity(flags.String("security")));
    }

    internal static RunNetwork ParseNetwork(string? value) => value switch
    {
        null or "default" => RunNetwork.Default,
        "none" => RunNetwork.None,
        "host" => RunNetwork.Host,
        _ => throw new FormatException($"invalid network mode \"{value}\""),
    };

    internal static RunSecurity ParseSecurity(string? value) => value switch
    {
        null or "sandbox" => RunSecurity.Sandbox,
        "insecure" => RunSecurity.Insecure,
        _ => throw new FormatException($"security \"{value}\" is not valid"),
    };
}
