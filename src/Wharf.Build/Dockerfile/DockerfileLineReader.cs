using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Turns a Dockerfile's text into parser directives and logical lines: directives at the top, comments dropped,
/// line continuations joined, heredoc bodies attached. Follows BuildKit's reader line for line in behaviour:
/// the escape character may be followed by spaces or tabs and still continue the line, comment lines inside a
/// continuation are dropped, whitespace-only continuation lines are skipped, CRLF is accepted.
/// </summary>
internal sealed partial class DockerfileLineReader
{
    private readonly string _file;
    private readonly List<string> _lines;
    private readonly ParserDirectiveReader _directives;
    private int _next;

    private DockerfileLineReader(string file, string text)
    {
        _file = file;
        _lines = SplitKeepingEndings(text.StartsWith('\uFEFF') ? text[1..] : text);
        _directives = new ParserDirectiveReader(file);
    }

    public static (ParserDirectives Directives, IReadOnlyList<LogicalLine> Lines) Read(string file, string text)
    {
        var reader = new DockerfileLineReader(file, text);
        var lines = reader.ReadAll();
        return (reader._directives.Result, lines);
    }

    private List<LogicalLine> ReadAll()
    {
        var result = new List<LogicalLine>();
        while (_next < _lines.Count)
        {
            var startLine = _next + 1;
            var first = TrimNewline(_lines[_next++]).TrimStart();
            _directives.Offer(first, startLine);
            if (IsComment(first))
            {
                continue;
            }

            var (text, continues) = TrimContinuation(first);
            if (!continues && text.Length == 0)
            {
                continue;
            }

            var joined = new System.Text.StringBuilder(text);
            while (continues && _next < _lines.Count)
            {
                // Continuation lines keep their leading whitespace (BuildKit does), but comments and blank lines vanish.
                var physical = TrimNewline(_lines[_next++]);
                _directives.Offer(physical, _next);
                if (IsComment(physical) || physical.Trim().Length == 0)
                {
                    continue;
                }

                (text, continues) = TrimContinuation(physical);
                joined.Append(text);
            }

            var line = joined.ToString();
            var heredocs = HeredocMarkers.CanContainHeredocs(line, Escape)
                ? ReadHeredocBodies(line, startLine)
                : [];
            result.Add(new LogicalLine(startLine, _next, line, heredocs));
        }

        if (result.Count == 0)
        {
            throw new DockerfileException(_file, 0, null, "file with no instructions");
        }

        return result;
    }

    private char Escape => _directives.Result.Escape;

    private List<Heredoc> ReadHeredocBodies(string line, int startLine)
    {
        var bodies = new List<Heredoc>();
        foreach (var marker in HeredocMarkers.Find(line, Escape))
        {
            var content = new System.Text.StringBuilder();
            var terminated = false;
            while (_next < _lines.Count)
            {
                var physical = _lines[_next++];
                var candidate = TrimNewline(physical);
                if (marker.StripTabs)
                {
                    candidate = candidate.TrimStart('\t');
                    physical = physical.TrimStart('\t');
                }

                if (candidate == marker.Name)
                {
                    terminated = true;
                    break;
                }

                content.Append(physical);
            }

            if (!terminated)
            {
                throw new DockerfileException(_file, startLine, InstructionKeyword(line), $"unterminated heredoc {marker.Name}");
            }

            bodies.Add(marker with { Content = content.ToString() });
        }

        return bodies;
    }

    private (string Text, bool Continues) TrimContinuation(string line)
    {
        var match = ContinuationPattern(Escape).Match(line);
        return match.Success ? (line[..match.Index] + match.Groups[1].Value, true) : (line, false);
    }

    private static Regex ContinuationPattern(char escape) => escape == '`' ? BacktickContinuation() : BackslashContinuation();

    // The escape character ends a line (optionally followed by blanks) unless it is itself escaped; alone on a line too.
    [GeneratedRegex(@"([^\\])\\[ \t]*$|^\\[ \t]*$")]
    private static partial Regex BackslashContinuation();

    [GeneratedRegex(@"([^`])`[ \t]*$|^`[ \t]*$")]
    private static partial Regex BacktickContinuation();

    internal static string InstructionKeyword(string line)
    {
        var trimmed = line.TrimStart();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        return trimmed[..end].ToUpperInvariant();
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    private static string TrimNewline(string line) => line.TrimEnd('\r', '\n');

    private static List<string> SplitKeepingEndings(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
