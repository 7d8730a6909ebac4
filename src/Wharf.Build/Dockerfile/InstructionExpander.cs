using System.Text.RegularExpressions;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Substitutes variables in the instructions where the builder does it (ADD, COPY and their heredoc bodies, ENV, EXPOSE, LABEL,
/// STOPSIGNAL, USER, VOLUME, WORKDIR, RUN's mount options; ARG defaults are the evaluator's) and checks what only the substituted
/// text can tell (ports, --chmod, --checksum). Other instructions come back unchanged.
/// </summary>
internal static partial class InstructionExpander
{
    public static Instruction Expand(Instruction instruction, ShellWordExpander x) => instruction switch
    {
        EnvInstruction env => env with { Variables = Pairs(env.Variables, x) },
        LabelInstruction label => label with { Labels = Pairs(label.Labels, x) },
        CopyInstruction copy => copy with
        {
            Sources = Words(copy.Sources, x),
            Heredocs = Bodies(copy.Heredocs, x),
            Destination = x.ExpandWord(copy.Destination),
            Chown = Optional(copy.Chown, x),
            Chmod = CopyAndAddParser.CheckChmod(Optional(copy.Chmod, x)),
            Excludes = Words(copy.Excludes, x),
        },
        AddInstruction add => add with
        {
            Sources = Words(add.Sources, x),
            Heredocs = Bodies(add.Heredocs, x),
            Destination = x.ExpandWord(add.Destination),
            Chown = Optional(add.Chown, x),
            Chmod = CopyAndAddParser.CheckChmod(Optional(add.Chmod, x)),
            Checksum = CopyAndAddParser.CheckChecksum(Optional(add.Checksum, x)),
            Excludes = Words(add.Excludes, x),
        },
        ExposeInstruction expose => expose with { Ports = Ports(expose.Ports, x) },
        VolumeInstruction volume => volume with { Paths = Words(volume.Paths, x) },
        UserInstruction user => user with { User = x.ExpandWord(user.User) },
        WorkdirInstruction workdir => workdir with { Path = x.ExpandWord(workdir.Path) },
        StopSignalInstruction signal => signal with { Signal = x.ExpandWord(signal.Signal) },
        RunInstruction run => run with { Mounts = [.. run.Mounts.Select(m => RunMountParser.Parse(m.Spec, x.ExpandWord))] },
        _ => instruction,
    };

    private static List<KeyValue> Pairs(IReadOnlyList<KeyValue> pairs, ShellWordExpander x) =>
        [.. pairs.Select(p => new KeyValue(x.ExpandWord(p.Key), x.ExpandWord(p.Value)))];

    private static List<string> Words(IReadOnlyList<string> words, ShellWordExpander x) => [.. words.Select(x.ExpandWord)];

    /// <summary>COPY and ADD heredoc bodies, expanded unless the delimiter was quoted (the reference's Here-Documents).
    /// RUN's are the shell's to expand.</summary>
    private static List<Heredoc> Bodies(IReadOnlyList<Heredoc> heredocs, ShellWordExpander x)
    {
        var bodies = x.ForHeredocBodies();
        return [.. heredocs.Select(h => h.Expand ? h with { Content = bodies.ExpandWord(h.Content) } : h)];
    }

    private static string? Optional(string? text, ShellWordExpander x) => text is null ? null : x.ExpandWord(text);

    private static List<string> Ports(IReadOnlyList<string> ports, ShellWordExpander x)
    {
        var expanded = ports.SelectMany(x.ExpandWords).ToList();
        foreach (var port in expanded)
        {
            if (!PortPattern().IsMatch(port))
            {
                throw new FormatException($"invalid port \"{port}\": expected port[-port][/tcp|/udp|/sctp]");
            }
        }

        return expanded;
    }

    [GeneratedRegex("^[0-9]{1,5}(-[0-9]{1,5})?(/(tcp|udp|sctp))?$", RegexOptions.IgnoreCase)]
    private static partial Regex PortPattern();
}
