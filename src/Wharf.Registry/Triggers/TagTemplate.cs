using System.Text;
using Wharf.Oci;

namespace Wharf.Registry.Triggers;

/// <summary>A build rule's image tag, as Docker Hub's build rules write it: literal text with <c>{sourceref}</c> (the
/// branch or tag name), <c>{\1}</c>…<c>{\9}</c> (the source expression's groups), <c>{sha}</c> and <c>{shortsha}</c> (the
/// commit, 40 and 7 hex digits). What a ref puts in may hold characters a tag cannot (<c>feature/login</c>): each
/// becomes '-', and a result that is still no tag (empty, or starting with '.' or '-') builds nothing, with the reason.</summary>
public sealed class TagTemplate
{
    private readonly IReadOnlyList<(string? Literal, string? Field)> _parts;

    private TagTemplate(string text, IReadOnlyList<(string?, string?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The template as written, checked against its rule's <paramref name="source"/>: <see cref="ArgumentException"/>
    /// with a one-line reason for an unknown field, an unclosed brace, or a group the source cannot have.</summary>
    public static TagTemplate Parse(string text, RuleSource source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("a build rule needs an image tag (a tag, or a template such as {sourceref})");
        }

        var parts = new List<(string?, string?)>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('{', at);
            if (open < 0)
            {
                parts.Add((text[at..], null));
                break;
            }

            if (open > at)
            {
                parts.Add((text[at..open], null));
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new ArgumentException($"the tag template {text} has a '{{' without its '}}'");
            }

            var field = text[(open + 1)..close];
            if (field is not ("sourceref" or "sha" or "shortsha") && !IsGroup(field))
            {
                throw new ArgumentException($"the tag template {text} has an unknown field {{{field}}}: use {{sourceref}}, {{sha}}, {{shortsha}} or {{\\1}}…{{\\9}}");
            }

            if (IsGroup(field) && !source.IsPattern)
            {
                throw new ArgumentException($"the tag template {text} uses {{{field}}}, but its source {source} is a name, not a /regex/ with groups");
            }

            parts.Add((null, field));
            at = close + 1;
        }

        return new TagTemplate(text, parts);
    }

    /// <summary>The tag for a ref the rule matched (<paramref name="captures"/>: group 0 the whole name); null, with the
    /// <paramref name="reason"/>, when what comes out is no tag.</summary>
    public string? Expand(string refName, IReadOnlyList<string> captures, string commit, out string? reason)
    {
        var tag = new StringBuilder();
        foreach (var (literal, field) in _parts)
        {
            tag.Append(literal ?? field switch
            {
                "sourceref" => refName,
                "sha" => commit,
                "shortsha" => commit[..Math.Min(7, commit.Length)],
                _ => captures.ElementAtOrDefault(field![1] - '0') ?? "",
            });
        }

        var text = string.Concat(tag.ToString().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-'));
        text = text.Length > 128 ? text[..128] : text;
        if (!Tag.IsValid(text))
        {
            reason = $"{Text} gives \"{text}\" for {refName}, which is not a valid tag";
            return null;
        }

        reason = null;
        return text;
    }

    public override string ToString() => Text;

    private static bool IsGroup(string field) => field.Length == 2 && field[0] == '\\' && field[1] is >= '1' and <= '9';
}
