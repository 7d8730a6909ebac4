using System.Text;

namespace Wharf.Registry.Overview;

/// <summary>A case-insensitive substring search as a SQL <c>LIKE</c> pattern on <c>lower(column)</c>, with
/// <c>%</c>, <c>_</c> and the escape character itself escaped, so a search for <c>a_b</c> finds only that text.
/// Use with <c>LIKE @pattern ESCAPE '\'</c>. SQLite's <c>lower</c> folds ASCII only, as PostgreSQL's does on
/// <c>COLLATE "C"</c> names, so the pattern is folded the same way.</summary>
public static class SearchPattern
{
    public const string Escape = @"ESCAPE '\'";

    /// <summary>The pattern, or null for no search (null or blank).</summary>
    public static string? Contains(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var pattern = new StringBuilder("%");
        foreach (var c in text.Trim())
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c);
        }

        return pattern.Append('%').ToString();
    }

    /// <summary>The pattern of every repository under a namespace: <c>space/%</c>.</summary>
    public static string Under(string space) => Contains(space)![1..^1] + "/%";

    /// <summary><paramref name="text"/> matched exactly (case kept) by <c>LIKE … ESCAPE ''</c>: its <c>%</c>, <c>_</c>
    /// and <c>\</c> escaped; append <c>%</c> for "starts with".</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                literal.Append('\\');
            }

            literal.Append(c);
        }

        return literal.ToString();
    }
}
