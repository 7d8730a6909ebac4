using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// The patterns of <c>${v#p}</c>, <c>${v%p}</c> and <c>${v/p/r}</c>: <c>*</c> any string, <c>?</c> one character,
/// <c>\</c> escapes <c>*</c>, <c>?</c> and <c>\</c>; no bracket expressions (BuildKit has none either).
/// </summary>
internal static class ShellPattern
{
    public static string TrimPrefix(string value, string pattern, bool longest)
    {
        var match = ToRegex(pattern, longest, anchored: true).Match(value);
        return match.Success ? value[match.Length..] : value;
    }

    public static string TrimSuffix(string value, string pattern, bool longest)
    {
        // Shortest match from the right: reverse both and match from the left.
        var trimmed = TrimPrefix(Reverse(value), ReversePattern(pattern), longest);
        return Reverse(trimmed);
    }

    public static string Replace(string value, string pattern, string replacement, bool all)
    {
        var regex = ToRegex(pattern, greedy: true, anchored: false);
        return all ? regex.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal))
            : regex.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal), 1);
    }

    private static Regex ToRegex(string pattern, bool greedy, bool anchored)
    {
        var regex = new StringBuilder(anchored ? "^" : "");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    regex.Append(greedy ? ".*" : ".*?");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '\\' when i + 1 < pattern.Length && pattern[i + 1] is '}' or '/':
                    break;
                case '\\':
                    var escaped = i + 1 < pattern.Length ? pattern[++i] : '\\';
                    if (escaped is not ('*' or '?' or '\\'))
                    {
                        throw new FormatException($"invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'");
                    }

                    regex.Append('\\').Append(escaped);
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }

        return new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string ReversePattern(string pattern)
    {
        // Keep each "\x" pair in order while reversing, so an escaped character stays escaped.
        var units = new List<string>();
        for (var i = 0; i < pattern.Length; i++)
        {
            units.Add(pattern[i] == '\\' && i + 1 < pattern.Length ? pattern.Substring(i++, 2) : pattern[i].ToString());
        }

        units.Reverse();
        return string.Concat(units);
    }

    private static string Reverse(string text)
    {
        var chars = text.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
