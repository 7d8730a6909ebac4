using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Build.Context;

/// <summary>
/// One cleaned <c>.dockerignore</c> rule: Go's <c>filepath.Match</c> syntax (<c>*</c>, <c>?</c>, <c>[a-z]</c>,
/// <c>[^a]</c>, <c>\</c> escapes) plus <c>**</c> for any number of directories; <see cref="IsException"/> for
/// <c>!</c> rules that re-include.
/// </summary>
public sealed class DockerignorePattern
{
    private readonly Regex _regex;

    public DockerignorePattern(string pattern, bool isException)
    {
        Pattern = pattern;
        IsException = isException;
        _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsException { get; }

    /// <summary>Whether <paramref name="path"/> (slash-separated, relative to the context) matches.</summary>
    public bool Matches(string path) => _regex.IsMatch(path);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    // "**" at the end matches everything below; elsewhere any number of directories, even none.
                    regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    i = AppendClass(pattern, i, regex);
                    break;
                case '\\':
                    regex.Append(i + 1 < pattern.Length ? Regex.Escape(pattern[++i].ToString()) : @"\\");
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    // A character class up to its ']': a leading '^' negates (as in Go), '\' escapes, ranges pass through.
    private static int AppendClass(string pattern, int start, StringBuilder regex)
    {
        var end = pattern.IndexOf(']', start + 1);
        if (end < 0)
        {
            throw new FormatException($"syntax error in pattern \"{pattern}\": unterminated '['");
        }

        var body = pattern[(start + 1)..end];
        var negated = body.StartsWith('^');
        regex.Append(negated ? "[^" : "[");
        foreach (var ch in negated ? body[1..] : body)
        {
            regex.Append(ch is '[' or '^' or '\\' ? "\\" + ch : ch.ToString());
        }

        regex.Append(']');
        return end;
    }
}
