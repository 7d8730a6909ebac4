using System.Text;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// The builder's variable substitution, as BuildKit does it for ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL,
/// USER, VOLUME, WORKDIR, ARG and their flags: <c>$v</c>, <c>${v}</c>, <c>${v:-w}</c>, <c>${v-w}</c>,
/// <c>${v:+w}</c>, <c>${v+w}</c>, <c>${v:?w}</c>, <c>${v?w}</c>, <c>${v#p}</c>, <c>${v##p}</c>, <c>${v%p}</c>,
/// <c>${v%%p}</c>, <c>${v/p/r}</c>, <c>${v//p/r}</c>. Single quotes are literal, double quotes expand, the escape
/// character escapes; quotes are removed. An unset variable expands to nothing. Errors are
/// <see cref="FormatException"/>s with BuildKit's wording. With <paramref name="quotesAreText"/> quotes are kept as
/// text and expand nothing away (a heredoc body: <see cref="ForHeredocBodies"/>).
/// </summary>
public sealed class ShellWordExpander(char escape, Func<string, string?> lookup, bool quotesAreText = false)
{
    private readonly char _escape = escape;
    private readonly Func<string, string?> _lookup = lookup;
    private readonly bool _quotesAreText = quotesAreText;

    /// <summary>How BuildKit expands a COPY or ADD heredoc body whose delimiter is not quoted: the same variables,
    /// quotes left as they are, and <c>\</c> as the escape whatever the <c># escape=</c> directive says
    /// (<c>\$</c> is <c>$</c>, <c>\\</c> is <c>\</c>).</summary>
    public ShellWordExpander ForHeredocBodies() => new('\\', _lookup, quotesAreText: true);

    /// <summary>One word: quotes removed, variables substituted, blanks kept (ENV values, WORKDIR, USER, …).</summary>
    public string ExpandWord(string text) => new Expansion(this, text).Run().Text;

    /// <summary>Substitutes, then splits on blanks outside quotes (EXPOSE, where one variable may hold several ports).</summary>
    public IReadOnlyList<string> ExpandWords(string text) => new Expansion(this, text).Run().Words;

    private sealed class Expansion(ShellWordExpander owner, string source)
    {
        private const char End = '\uFFFF';
        private int _pos;

        public (string Text, IReadOnlyList<string> Words) Run()
        {
            try
            {
                var (text, words) = ProcessUntil(End, rawEscapes: false);
                return (text, words);
            }
            catch (FormatException e)
            {
                // A heredoc body spans lines; the message stays one line.
                throw new FormatException($"failed to process \"{source.ReplaceLineEndings("\\n")}\": {e.Message}", e);
            }
        }

        private char Peek => _pos < source.Length ? source[_pos] : End;

        private char Next() => _pos < source.Length ? source[_pos++] : End;

        private (string Text, List<string> Words) ProcessUntil(char stop, bool rawEscapes)
        {
            var text = new StringBuilder();
            var words = new WordCollector();
            while (Peek != End)
            {
                var ch = Peek;
                if (stop != End && ch == stop)
                {
                    Next();
                    return (text.ToString(), words.Finish());
                }

                switch (ch)
                {
                    case '$':
                        var value = Dollar();
                        text.Append(value);
                        words.AddSplitting(value);
                        break;
                    case '\'' when !owner._quotesAreText:
                        var single = SingleQuoted();
                        text.Append(single);
                        words.AddRaw(single);
                        break;
                    case '"' when !owner._quotesAreText:
                        var quoted = DoubleQuoted();
                        text.Append(quoted);
                        words.AddRaw(quoted);
                        break;
                    default:
                        Next();
                        if (ch == owner._escape)
                        {
                            if (rawEscapes)
                            {
                                text.Append(ch);
                                words.AddRaw(ch.ToString());
                            }

                            ch = Next();
                            if (ch == End)
                            {
                                break;
                            }

                            text.Append(ch);
                            words.AddRaw(ch.ToString());
                            break;
                        }

                        text.Append(ch);
                        words.Add(ch);
                        break;
                }
            }

            return stop != End
                ? throw new FormatException($"unexpected end of statement while looking for matching {stop}")
                : (text.ToString(), words.Finish());
        }

        private string SingleQuoted()
        {
            Next();
            var text = new StringBuilder();
            while (true)
            {
                var ch = Next();
                switch (ch)
                {
                    case End:
                        throw new FormatException("unexpected end of statement while looking for matching single-quote");
                    case '\'':
                        return text.ToString();
                    default:
                        text.Append(ch);
                        break;
                }
            }
        }

        private string DoubleQuoted()
        {
            Next();
            var text = new StringBuilder();
            while (true)
            {
                switch (Peek)
                {
                    case End:
                        throw new FormatException("unexpected end of statement while looking for matching double-quote");
                    case '"':
                        Next();
                        return text.ToString();
                    case '$':
                        text.Append(Dollar());
                        break;
                    default:
                        var ch = Next();
                        if (ch == owner._escape)
                        {
                            // Inside double quotes the escape only escapes ", $ and itself; otherwise it stays.
                            if (Peek == End)
                            {
                                continue;
                            }

                            if (Peek == '"' || Peek == '$' || Peek == owner._escape)
                            {
                                ch = Next();
                            }
                        }

                        text.Append(ch);
                        break;
                }
            }
        }

        private string Dollar()
        {
            Next();
            if (Peek != '{')
            {
                var bare = Name();
                return bare.Length == 0 ? "$" : owner._lookup(bare) ?? "";
            }

            Next();
            if (Peek == End)
            {
                throw new FormatException("syntax error: missing '}'");
            }

            if (Peek is '{' or '}' or ':')
            {
                throw new FormatException("syntax error: bad substitution");
            }

            var name = Name();
            var modifier = Next();
            return modifier switch
            {
                '}' => owner._lookup(name) ?? "",
                End => throw new FormatException("syntax error: missing '}'"),
                ':' or '+' or '-' or '?' or '#' or '%' => ParameterModifier(name, modifier),
                '/' => Replacement(name),
                _ => throw new FormatException($"unsupported modifier ({modifier}) in substitution"),
            };
        }

        private string ParameterModifier(string name, char modifier)
        {
            var nullIsUnset = modifier == ':';
            if (nullIsUnset)
            {
                modifier = Next();
            }

            if (nullIsUnset && modifier is '#' or '%')
            {
                throw new FormatException($"unsupported modifier (:{modifier}) in substitution");
            }

            if (modifier is not ('+' or '-' or '?' or '#' or '%'))
            {
                throw new FormatException($"unsupported modifier ({(nullIsUnset ? ":" : "")}{modifier}) in substitution");
            }

            var word = Operand('}', rawEscapes: modifier is '#' or '%');
            var value = owner._lookup(name);
            var missing = value is null || (nullIsUnset && value.Length == 0);
            switch (modifier)
            {
                case '-':
                    return missing ? word : value!;
                case '+':
                    return missing ? "" : word;
                case '?':
                    return !missing ? value!
                        : throw new FormatException($"{name}: {(word.Length > 0 ? word : value is null ? "is not allowed to be unset" : "is not allowed to be empty")}");
                default:
                    var longest = word.StartsWith(modifier);
                    var pattern = longest ? word[1..] : word;
                    return modifier == '#'
                        ? ShellPattern.TrimPrefix(value ?? "", pattern, longest)
                        : ShellPattern.TrimSuffix(value ?? "", pattern, longest);
            }
        }

        private string Replacement(string name)
        {
            var all = Peek == '/';
            if (all)
            {
                Next();
            }

            var pattern = Operand('/', rawEscapes: true, missing: "syntax error: missing '/' in ${}");
            var replacement = Operand('}', rawEscapes: true);
            return ShellPattern.Replace(owner._lookup(name) ?? "", pattern, replacement, all);
        }

        private string Operand(char stop, bool rawEscapes, string missing = "syntax error: missing '}'")
        {
            try
            {
                return ProcessUntil(stop, rawEscapes).Text;
            }
            catch (FormatException) when (Peek == End)
            {
                throw new FormatException(missing);
            }
        }

        // A name is letters, digits and '_'; a leading digit takes only digits; a special parameter is one character.
        private string Name()
        {
            var name = new StringBuilder();
            while (Peek != End)
            {
                var ch = Peek;
                if (name.Length == 0 && char.IsDigit(ch))
                {
                    while (char.IsDigit(Peek))
                    {
                        name.Append(Next());
                    }

                    return name.ToString();
                }

                if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
                {
                    return Next().ToString();
                }

                if (!char.IsLetterOrDigit(ch) && ch != '_')
                {
                    break;
                }

                name.Append(Next());
            }

            return name.ToString();
        }
    }
}
