using System.Text;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Splits an instruction line into its keyword, its leading <c>--flag[=value]</c> words (quotes and escapes
/// resolved) and the rest. A lone <c>--</c> ends the flags.
/// </summary>
internal static class InstructionSplitter
{
    public static SplitLine Split(string line, char escape)
    {
        var trimmed = line.Trim();
        var end = 0;
        while (end < trimmed.Length && !IsBlank(trimmed[end]))
        {
            end++;
        }

        var keyword = trimmed[..end].ToUpperInvariant();
        var (flags, rest) = ExtractFlags(trimmed[end..], escape);
        return new SplitLine(keyword, flags, rest.Trim());
    }

    private static (List<string> Flags, string Remainder) ExtractFlags(string text, char escape)
    {
        var flags = new List<string>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            if (pos + 1 >= text.Length || text[pos] != '-' || text[pos + 1] != '-')
            {
                return (flags, text[pos..]);
            }

            var word = new StringBuilder();
            var quote = '\0';
            var quotedSomething = false;
            for (; pos < text.Length; pos++)
            {
                var ch = text[pos];
                if (quote != '\0')
                {
                    if (ch == quote)
                    {
                        quote = '\0';
                        continue;
                    }
                }
                else if (char.IsWhiteSpace(ch))
                {
                    break;
                }
                else if (ch is '"' or '\'')
                {
                    quote = ch;
                    quotedSomething = true;
                    continue;
                }

                if (ch == escape)
                {
                    if (pos + 1 == text.Length)
                    {
                        continue;
                    }

                    ch = text[++pos];
                }

                word.Append(ch);
            }

            if (word.ToString() == "--")
            {
                return (flags, text[pos..]);
            }

            if (word.Length > 0 || quotedSomething)
            {
                flags.Add(word.ToString());
            }
        }
    }

    private static bool IsBlank(char ch) => ch is ' ' or '\t' or '\v' or '\f' or '\r';
}
