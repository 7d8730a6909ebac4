using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Wharf.Registry.Overview;

/// <summary>What a listing (the home page, <c>/api/v1/repositories</c>, <c>docker search</c>) shows of a Markdown
/// description: its first paragraph as plain text on one line — the marks of emphasis, links and code gone, raw HTML
/// kept as the text it is, HTML comments skipped — or, when it has no paragraph, its first heading; cut at <see cref="MaxLength"/>. A README
/// usually opens with a heading that repeats the repository's name, so the paragraph says more.</summary>
public static class DescriptionSummary
{
    public const int MaxLength = 200;

    /// <summary>How much of a description the listing query reads: enough for a first paragraph, never the whole 100 KB.</summary>
    public const int ReadLength = 2000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string? Of(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var document = Markdown.Parse(description, Pipeline);
        var line = document.Descendants<ParagraphBlock>().Select(TextOf).FirstOrDefault(t => t.Length > 0 && !t.StartsWith("<!--", StringComparison.Ordinal))
            ?? document.Descendants<HeadingBlock>().Select(TextOf).FirstOrDefault(t => t.Length > 0);
        return line is null ? null : line.Length <= MaxLength ? line : line[..(MaxLength - 1)].TrimEnd() + "…";
    }

    private static string TextOf(LeafBlock block)
    {
        var text = new StringBuilder();
        foreach (var inline in block.Inline?.Descendants() ?? [])
        {
            _ = inline switch
            {
                LiteralInline literal => text.Append(literal.Content.AsSpan()),
                CodeInline code => text.Append(code.Content),
                LineBreakInline => text.Append(' '),
                _ => text,
            };
        }

        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
