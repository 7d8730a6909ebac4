using System.Text;

namespace Wharf.Build.Lint.Shell;

/// <summary>
/// Splits a POSIX shell script into simple commands, well enough to find each command and its arguments: words and
/// quotes (<c>'…'</c>, <c>"…"</c>, backslash), the separators <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>,
/// <c>&amp;</c>, newlines and subshell parentheses, redirections (their targets are set aside, not arguments),
/// comments, and <c>$(…)</c>, <c>${…}</c> and backquotes kept whole inside a word. It is not a shell: control
/// structures only separate commands (see <see cref="ShellCommandReader"/>), and nothing is expanded.
/// </summary>
internal sealed class ShellScanner
{
    private readonly string _text;
    private readonly List<List<(string Word, bool Redirect)>> _commands = [];
    private List<(string Word, bool Redirect)> _current = [];
    private StringBuilder? _word;
    private bool _redirectPending;
    private int _at;

    private ShellScanner(string text) => _text = text;

    /// <summary>Each simple command's words in order; each word says whether a redirection named it.</summary>
    public static IReadOnlyList<IReadOnlyList<(string Word, bool Redirect)>> Scan(string script)
    {
        var scanner = new ShellScanner(script);
        scanner.Run();
        return scanner._commands;
    }

    private void Run()
    {
        while (_at < _text.Length)
        {
            var c = _text[_at];
            switch (c)
            {
                case '\\' when Peek(1) == '\n':
                    _at += 2; // a line continuation inside a heredoc script
                    break;
                case ' ' or '\t' or '\r':
                    EndWord();
                    _at++;
                    break;
                case '\n' or ';' or '(' or ')':
                    EndCommand();
                    _at++;
                    break;
                case '|':
                    EndCommand();
                    _at++;
                    break;
                case '&' when Peek(1) == '>':
                    EndWord();
                    _at++;
                    Redirection();
                    break;
                case '&':
                    EndCommand();
                    _at++;
                    break;
                case '<' or '>':
                    if (_word is not null && _word.ToString().All(char.IsAsciiDigit))
                    {
                        _word = null; // a file descriptor number: 2>&1
                    }

                    EndWord();
                    Redirection();
                    break;
                case '#' when _word is null:
                    while (_at < _text.Length && _text[_at] != '\n')
                    {
                        _at++;
                    }

                    break;
                default:
                    ReadWordPart();
                    break;
            }
        }

        EndCommand();
    }

    private void Redirection()
    {
        while (_at < _text.Length && _text[_at] is '<' or '>' or '|')
        {
            _at++;
        }

        if (Peek(0) == '&')
        {
            // >&2, <&0, >&-: a duplicated descriptor, no file named
            _at++;
            while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] == '-'))
            {
                _at++;
            }

            return;
        }

        if (Peek(0) == '-')
        {
            _at++; // <<-EOF
        }

        _redirectPending = true;
    }

    private void ReadWordPart()
    {
        _word ??= new StringBuilder();
        var c = _text[_at];
        switch (c)
        {
            case '\'':
                var end = _text.IndexOf('\'', _at + 1);
                end = end < 0 ? _text.Length : end;
                _word.Append(_text, _at + 1, end - _at - 1);
                _at = end + 1;
                break;
            case '"':
                ReadDoubleQuoted();
                break;
            case '\\':
                if (Peek(1) is { } escaped and not '\n')
                {
                    _word.Append(escaped);
                }

                _at += 2;
                break;
            case '$' when Peek(1) == '(':
                ReadBalanced('(', ')');
                break;
            case '$' when Peek(1) == '{':
                ReadBalanced('{', '}');
                break;
            case '`':
                var close = _text.IndexOf('`', _at + 1);
                close = close < 0 ? _text.Length - 1 : close;
                _word.Append(_text, _at, close - _at + 1);
                _at = close + 1;
                break;
            default:
                _word.Append(c);
                _at++;
                break;
        }
    }

    private void ReadDoubleQuoted()
    {
        _at++;
        while (_at < _text.Length && _text[_at] != '"')
        {
            if (_text[_at] == '\\' && Peek(1) is '"' or '\\' or '$' or '`' or '\n')
            {
                if (_text[_at + 1] != '\n')
                {
                    _word!.Append(_text[_at + 1]);
                }

                _at += 2;
            }
            else if (_text[_at] == '$' && Peek(1) is '(' or '{')
            {
                ReadBalanced(_text[_at + 1], _text[_at + 1] == '(' ? ')' : '}');
            }
            else
            {
                _word!.Append(_text[_at++]);
            }
        }

        _at++;
    }

    /// <summary>Copies <c>$(…)</c> or <c>${…}</c> into the word as written, nested pairs included.</summary>
    private void ReadBalanced(char open, char close)
    {
        var start = _at;
        var depth = 0;
        _at++;
        while (_at < _text.Length)
        {
            var c = _text[_at++];
            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                break;
            }
        }

        _word!.Append(_text, start, _at - start);
    }

    private char? Peek(int offset) => _at + offset < _text.Length ? _text[_at + offset] : null;

    private void EndWord()
    {
        if (_word is null)
        {
            return;
        }

        _current.Add((_word.ToString(), _redirectPending));
        _redirectPending = false;
        _word = null;
    }

    private void EndCommand()
    {
        EndWord();
        _redirectPending = false;
        if (_current.Count > 0)
        {
            _commands.Add(_current);
            _current = [];
        }
    }
}
