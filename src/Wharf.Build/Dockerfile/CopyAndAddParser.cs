using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>COPY and ADD: sources and destination (JSON or blank-separated), heredoc sources, and their flags.</summary>
internal static class CopyAndAddParser
{
    private static readonly Dictionary<string, FlagKind> CopyFlags = new()
    {
        ["from"] = FlagKind.String,
        ["chown"] = FlagKind.String,
        ["chmod"] = FlagKind.String,
        ["link"] = FlagKind.Boolean,
        ["parents"] = FlagKind.Boolean,
        ["exclude"] = FlagKind.Repeatable,
    };

    private static readonly Dictionary<string, FlagKind> AddFlags = new()
    {
        ["chown"] = FlagKind.String,
        ["chmod"] = FlagKind.String,
        ["checksum"] = FlagKind.String,
        ["keep-git-dir"] = FlagKind.Boolean,
        ["link"] = FlagKind.Boolean,
        ["unpack"] = FlagKind.Boolean,
        ["exclude"] = FlagKind.Repeatable,
    };

    public static CopyInstruction ParseCopy(int line, SplitLine split, IReadOnlyList<Heredoc> heredocs)
    {
        var (sources, contents, destination) = SourcesAndDestination("COPY", split.Rest, heredocs);
        var flags = InstructionFlags.Parse(split.Flags, CopyFlags);
        var from = flags.String("from");
        if (from is not null && from.Contains('$', StringComparison.Ordinal))
        {
            throw new FormatException("variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
        }

        return new CopyInstruction(
            line, sources, contents, destination, from, flags.String("chown"), CheckChmod(flags.String("chmod")),
            flags.Boolean("link") ?? false, flags.Boolean("parents") ?? false, flags.Strings("exclude"));
    }

    public static AddInstruction ParseAdd(int line, SplitLine split, IReadOnlyList<Heredoc> heredocs)
    {
        var (sources, contents, destination) = SourcesAndDestination("ADD", split.Rest, heredocs);
        var flags = InstructionFlags.Parse(split.Flags, AddFlags);
        return new AddInstruction(
            line, sources, contents, destination, flags.String("chown"), CheckChmod(flags.String("chmod")),
            CheckChecksum(flags.String("checksum")), flags.Boolean("keep-git-dir"), flags.Boolean("link") ?? false,
            flags.Boolean("unpack"), flags.Strings("exclude"));
    }

    /// <summary>Octal (<c>755</c>, <c>0644</c>) or symbolic (<c>u=rwx,go=rx</c>); checked again after substitution.</summary>
    internal static string? CheckChmod(string? chmod)
    {
        if (chmod is null || chmod.Contains('$', StringComparison.Ordinal) || FileModeText.IsValid(chmod))
        {
            return chmod;
        }

        throw new FormatException($"invalid chmod parameter: \"{chmod}\"; it must be octal or symbolic (e.g. 755 or u=rwx,go=rx)");
    }

    internal static string? CheckChecksum(string? checksum)
    {
        if (checksum is null || checksum.Contains('$', StringComparison.Ordinal) || IsChecksum(checksum))
        {
            return checksum;
        }

        throw new FormatException($"invalid checksum \"{checksum}\": expected sha256:, sha384: or sha512: and the hex digest (a URL), or a commit hash (a git repository)");
    }

    /// <summary>A content digest (a URL's) or hex digits, a whole or abbreviated commit hash (a git repository's).</summary>
    private static bool IsChecksum(string text)
    {
        if (text.Length > 0 && text.All(char.IsAsciiHexDigit))
        {
            return true;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var length = colon < 0 ? -1 : text[..colon] switch { "sha256" => 64, "sha384" => 96, "sha512" => 128, _ => -1 };
        var hex = text[(colon + 1)..];
        return length > 0 && hex.Length == length && hex.All(char.IsAsciiHexDigitLower);
    }

    private static (IReadOnlyList<string> Sources, IReadOnlyList<Heredoc> Contents, string Destination) SourcesAndDestination(
        string keyword, string rest, IReadOnlyList<Heredoc> heredocs)
    {
        var args = JsonArguments.TryParse(rest, out var json) ? json : ArgumentWords.SplitOnBlanks(rest);
        if (args.Count < 2)
        {
            throw new FormatException($"{keyword} requires at least two arguments, but only one was provided. Destination could not be determined");
        }

        var destination = args[^1];
        if (HeredocMarkers.TryParse(destination, '\\') is not null)
        {
            throw new FormatException($"{keyword} cannot accept a heredoc as a destination");
        }

        var sources = new List<string>();
        var contents = new List<Heredoc>();
        foreach (var source in args.Take(args.Count - 1))
        {
            if (HeredocMarkers.TryParse(source, '\\') is { } marker && heredocs.FirstOrDefault(h => h.Name == marker.Name) is { } body)
            {
                contents.Add(body);
            }
            else
            {
                sources.Add(source);
            }
        }

        return (sources, contents, destination);
    }
}
