using System.Text.RegularExpressions;

namespace Wharf.Registry.Triggers;

/// <summary>Which refs a build rule takes: one name (<c>main</c>), or every name a regular expression written between
/// slashes matches (<c>/^v([0-9.]+)$/</c>, as Docker Hub's build rules spell it), whose groups the tag template may use.
/// The expression is .NET's, run with a time limit: a rule comes from a user and a push's ref name from anyone who can push.</summary>
public sealed class RuleSource
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _pattern;

    private RuleSource(string text, Regex? pattern)
    {
        Text = text;
        _pattern = pattern;
    }

    /// <summary>As written: the name, or the expression with its slashes.</summary>
    public string Text { get; }

    public bool IsPattern => _pattern is not null;

    /// <summary>The source as written; <see cref="ArgumentException"/> with a one-line reason when it is empty or an
    /// expression that does not compile.</summary>
    public static RuleSource Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("a build rule needs a source: a branch or tag name, or /regex/");
        }

        if (text.Length >= 2 && text[0] == '/' && text[^1] == '/')
        {
            try
            {
                return new RuleSource(text, new Regex(text[1..^1], RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"the source {text} is not a valid regular expression: {e.Message}", e);
            }
        }

        return new RuleSource(text, null);
    }

    /// <summary>The captures (group 0 the whole name) when <paramref name="name"/> is one this source takes, else null.
    /// An expression that runs out of time matches nothing.</summary>
    public IReadOnlyList<string>? Match(string name)
    {
        if (_pattern is null)
        {
            return string.Equals(name, Text, StringComparison.Ordinal) ? [name] : null;
        }

        try
        {
            var match = _pattern.Match(name);
            return match.Success ? [.. match.Groups.Cast<Group>().Select(g => g.Value)] : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    public override string ToString() => Text;
}
