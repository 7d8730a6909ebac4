using System.Text;

namespace Wharf.CommandLine;

/// <summary>The help's output with the program's name in its usage lines replaced: <c>wharf serve --help</c> runs in the
/// program <c>wharf-server</c> (decision 021), whose help would otherwise say <c>wharf-server serve [options]</c>, a
/// command the user did not type. Only usage lines of its commands change.</summary>
internal sealed class UsageNameWriter(TextWriter inner, string name, string shownAs) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            WriteLine();
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            inner.Write(Rename(_line.ToString()));
            _line.Clear();
        }

        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        Flush();
        base.Dispose(disposing);
    }

    private new void WriteLine() => Flush();

    private string Rename(string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        var rest = line[indent..];
        // "  wharf-server serve [options]" is renamed; the program's own "  wharf-server [command] [options]" is not.
        return indent > 0 && rest.StartsWith(name + " ", StringComparison.Ordinal) && !rest[(name.Length + 1)..].StartsWith('[')
            ? line[..indent] + shownAs + rest[name.Length..]
            : line;
    }
}
