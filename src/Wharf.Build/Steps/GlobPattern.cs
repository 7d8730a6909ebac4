using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Build.Steps;

/// <summary>Go's <c>filepath.Match</c> for one path component, which COPY and ADD sources use: <c>*</c> any run of
/// characters, <c>?</c> one, <c>[a-z]</c> and <c>[^a-z]</c> classes, <c>\</c> escapes the next character. Only <c>^</c>
/// negates a class: unlike a shell, Go reads <c>[!a]</c> as "! or a", and docker copies what Go matches.</summary>
internal static class GlobPattern
{
    public static bool HasWildcard(string component) => component.AsSpan().IndexOfAny("*?[\\") >= 0;

    public static Regex Compile(string component)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\' when i + 1 < component.Length:
                    regex.Append(Regex.Escape(component[++i].ToString()));
                    break;
                case '[':
                    var end = component.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"syntax error in pattern {component}");
                    }

                    var body = component[(i + 1)..end];
                    var negated = body.StartsWith('^');
                    regex.Append('[').Append(negated ? "^" : "").Append(body[(negated ? 1 : 0)..].Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
