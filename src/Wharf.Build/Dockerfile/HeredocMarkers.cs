using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Finds the <c>&lt;&lt;NAME</c> markers of an instruction line. Only RUN, COPY and ADD (also behind ONBUILD) in
/// shell form take heredocs; a marker inside quotes is text, and a quoted name turns expansion off.
/// </summary>
internal static partial class HeredocMarkers
{
    public static bool CanContainHeredocs(string line, char escape)
    {
        if (!line.Contains("<<", StringComparison.Ordinal))
        {
            return false;
        }

        var split = InstructionSplitter.Split(line, escape);
        if (split.Keyword == "ONBUILD")
        {
            split = InstructionSplitter.Split(split.Rest, escape);
        }

        return split.Keyword is "RUN" or "COPY" or "ADD" && !JsonArguments.TryParse(split.Rest, out _);
    }

    /// <summary>The markers in order, each with empty content; the reader fills the bodies in.</summary>
    public static IReadOnlyList<Heredoc> Find(string line, char escape)
    {
        var markers = new List<Heredoc>();
        foreach (var word in RawWords(line, escape))
        {
            if (TryParse(word, escape) is { } marker)
            {
                markers.Add(marker);
            }
        }

        return markers;
    }

    /// <summary>Parses one word such as <c>&lt;&lt;-"EOF"</c> or <c>3&lt;&lt;EOF</c>; null when it is no marker.</summary>
    public static Heredoc? TryParse(string word, char escape)
    {
        var match = MarkerPattern().Match(word);
        if (!match.Success || match.Groups[3].Value.Length == 0)
        {
            return null;
        }

        var rest = match.Groups[3].Value;
        var name = Unquote(rest, escape);
        if (name.Length == 0)
        {
            return null;
        }

        var fileDescriptor = match.Groups[1].Value.Length > 0 && int.TryParse(match.Groups[1].Value, out var fd) ? fd : 0;
        var quoted = rest.Contains('"', StringComparison.Ordinal) || rest.Contains('\'', StringComparison.Ordinal);
        return new Heredoc(name, "", Expand: !quoted, StripTabs: match.Groups[2].Value == "-", fileDescriptor);
    }

    private static string Unquote(string rest, char escape)
    {
        var name = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < rest.Length; i++)
        {
            var ch = rest[i];
            if (quote == '\0' && ch is '"' or '\'')
            {
                quote = ch;
            }
            else if (ch == quote)
            {
                quote = '\0';
            }
            else if (ch == escape && quote != '\'' && i + 1 < rest.Length)
            {
                name.Append(rest[++i]);
            }
            else
            {
                name.Append(ch);
            }
        }

        return name.ToString();
    }

    // Words split on blanks with quotes and escapes kept raw; "<<" swallows the blanks after it, as "<< EOF" is one marker.
    private static List<string> RawWords(string line, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quote != '\0')
            {
                word.Append(ch);
                if (ch == quote)
                {
                    quote = '\0';
                }
                else if (ch == escape && quote == '"' && i + 1 < line.Length)
                {
                    word.Append(line[++i]);
                }
            }
            else if (ch == escape && i + 1 < line.Length)
            {
                word.Append(ch).Append(line[++i]);
            }
            else if (ch is '"' or '\'')
            {
                quote = ch;
                word.Append(ch);
            }
            else if (ch == '<' && i + 1 < line.Length && line[i + 1] == '<')
            {
                word.Append("<<");
                i++;
                while (i + 1 < line.Length && line[i + 1] is ' ' or '\t')
                {
                    i++;
                }
            }
            else if (char.IsWhiteSpace(ch))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(ch);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]*)$")]
    private static partial Regex MarkerPattern();
}
