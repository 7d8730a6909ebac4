namespace Wharf.Registry.Inspection;

/// <summary>The Dockerfile line a history entry's <c>created_by</c> records, as each builder writes it: the classic
/// builder's <c>/bin/sh -c #(nop) CMD …</c> and <c>/bin/sh -c apt-get …</c> (a RUN), BuildKit's
/// <c>RUN /bin/sh -c … # buildkit</c>, and either's <c>|2 A=1 B=2 </c> prefix of the build args a RUN saw.
/// The classic builder records an exec-form RUN as its bare argv (<c>/bin/busybox --install -s /bin</c>): a line that
/// starts with no instruction's keyword is such a RUN. Anything else (Wharf's own builder, debuerreotype's
/// <c># debian.sh …</c>) is shown as it is.</summary>
public static class HistoryInstruction
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
        "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    private const string Shell = "/bin/sh -c ";
    private const string Nop = "#(nop) ";

    public static string From(string? createdBy)
    {
        var line = (createdBy ?? "").Trim();
        if (line.EndsWith("# buildkit", StringComparison.Ordinal))
        {
            line = line[..^"# buildkit".Length].TrimEnd();
        }

        var run = line.StartsWith("RUN ", StringComparison.Ordinal);
        var body = WithoutBuildArgs(run ? line[4..] : line);
        if (body.StartsWith(Shell, StringComparison.Ordinal))
        {
            var command = body[Shell.Length..].TrimStart();
            return command.StartsWith(Nop, StringComparison.Ordinal) ? command[Nop.Length..].Trim() : "RUN " + command;
        }

        if (run || body.Length != line.Length)
        {
            return "RUN " + body;
        }

        return line.Length == 0 || line.StartsWith('#') || Keywords.Contains(line.Split(' ', 2)[0]) ? line : "RUN " + line;
    }

    /// <summary>Drops <c>|N NAME=value …</c> (N pairs), which both builders put before a RUN's command.</summary>
    private static string WithoutBuildArgs(string text)
    {
        if (!text.StartsWith('|'))
        {
            return text;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !int.TryParse(text.AsSpan(1, space - 1), System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            return text;
        }

        var rest = text[(space + 1)..];
        for (var i = 0; i < count; i++)
        {
            var next = rest.IndexOf(' ', StringComparison.Ordinal);
            if (next < 0)
            {
                return text;
            }

            rest = rest[(next + 1)..];
        }

        return rest;
    }
}
