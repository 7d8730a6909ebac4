using System.Text;
using System.Text.RegularExpressions;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Splits instruction arguments into words before substitution. Quotes and escapes stay in the words (the
/// substitution step removes them), so <c>LABEL a="x y"</c> stays one word.
/// </summary>
internal static partial class ArgumentWords
{
    public static IReadOnlyList<string> SplitKeepingQuotes(string rest, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < rest.Length; i++)
        {
            var ch = rest[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (ch == escape && quote != '\'')
            {
                if (i + 1 == rest.Length)
                {
                    continue;
                }

                word.Append(ch);
                ch = rest[++i];
            }
            else if (quote == '\0' && ch is '"' or '\'')
            {
                quote = ch;
            }
            else if (ch == quote)
            {
                quote = '\0';
            }

            word.Append(ch);
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Whitespace-separated words with nothing resolved (FROM, EXPOSE, and COPY/ADD/VOLUME in shell form).</summary>
    public static IReadOnlyList<string> SplitOnBlanks(string rest) =>
        rest.Length == 0 ? [] : Blanks().Split(rest);

    /// <summary>
    /// ENV and LABEL: <c>k=v k2="v 2"</c>, or the legacy <c>k value with spaces</c> when the first word has no '='.
    /// </summary>
    public static IReadOnlyList<KeyValue> KeyValues(string rest, char escape, string keyword)
    {
        var words = SplitKeepingQuotes(rest, escape);
        if (words.Count == 0)
        {
            throw new FormatException($"{keyword} requires at least one argument");
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var parts = Blanks().Split(rest, 2);
            if (parts.Length < 2)
            {
                throw new FormatException($"{keyword} must have two arguments");
            }

            return [new KeyValue(parts[0], parts[1])];
        }

        var pairs = new List<KeyValue>();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            }

            if (equals == 0)
            {
                throw new FormatException($"{keyword} names can not be blank");
            }

            pairs.Add(new KeyValue(word[..equals], word[(equals + 1)..]));
        }

        return pairs;
    }

    [GeneratedRegex(@"[\t\v\f\r ]+")]
    private static partial Regex Blanks();
}
