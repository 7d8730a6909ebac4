using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary><c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [flags] CMD command</c>.</summary>
internal static class HealthcheckParser
{
    private static readonly Dictionary<string, FlagKind> Flags = new()
    {
        ["interval"] = FlagKind.String,
        ["timeout"] = FlagKind.String,
        ["start-period"] = FlagKind.String,
        ["start-interval"] = FlagKind.String,
        ["retries"] = FlagKind.String,
    };

    public static HealthcheckInstruction Parse(int line, SplitLine split)
    {
        var rest = split.Rest;
        if (rest.Length == 0)
        {
            throw new FormatException("HEALTHCHECK requires at least one argument");
        }

        var blank = rest.IndexOfAny([' ', '\t']);
        var type = (blank < 0 ? rest : rest[..blank]).ToUpperInvariant();
        var command = blank < 0 ? "" : rest[blank..].Trim();
        if (type == "NONE")
        {
            return command.Length > 0
                ? throw new FormatException("HEALTHCHECK NONE takes no arguments")
                : new HealthcheckInstruction(line, null, null, null, null, null, null).Checked(split.Flags);
        }

        var flags = InstructionFlags.Parse(split.Flags, Flags);
        if (type != "CMD")
        {
            throw new FormatException($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }

        var parsed = InstructionParser.ParseCommand(command);
        if (parsed.Arguments.Count == 0 || (parsed.IsShellForm && command.Length == 0))
        {
            throw new FormatException("Missing command after HEALTHCHECK CMD");
        }

        return new HealthcheckInstruction(
            line,
            parsed,
            Interval(flags, "interval"),
            Interval(flags, "timeout"),
            Interval(flags, "start-period"),
            Interval(flags, "start-interval"),
            Retries(flags.String("retries")));
    }

    private static HealthcheckInstruction Checked(this HealthcheckInstruction none, IReadOnlyList<string> flags)
    {
        // NONE takes no flags; any given is unknown here, as BuildKit declares none for it.
        InstructionFlags.Parse(flags, new Dictionary<string, FlagKind>());
        return none;
    }

    private static TimeSpan? Interval(InstructionFlags flags, string name)
    {
        if (flags.String(name) is not { Length: > 0 } text)
        {
            return null;
        }

        var duration = GoDuration.Parse(text) ?? throw new FormatException($"invalid duration for --{name}: \"{text}\"");
        if (duration > TimeSpan.Zero && duration < TimeSpan.FromMilliseconds(1))
        {
            throw new FormatException($"Interval \"{name}\" cannot be less than 1ms");
        }

        return duration == TimeSpan.Zero ? null : duration;
    }

    private static int? Retries(string? text)
    {
        if (text is not { Length: > 0 })
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries))
        {
            throw new FormatException($"invalid value for --retries: \"{text}\"");
        }

        return retries < 0 ? throw new FormatException($"--retries cannot be negative ({retries})") : retries;
    }
}
