using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Wharf.Server.Ui;

/// <summary>A repository's description as HTML, rendered with Markdig. Nothing the author writes becomes markup of its
/// own: raw HTML is escaped (<c>DisableHtml</c>), link and image URLs keep only safe schemes, and only the extensions that
/// emit no attributes of the author's choosing are on (no generic attributes, no media embeds, no diagrams). Links get
/// <c>rel="nofollow noopener"</c>; table alignments are dropped, since Markdig writes them as <c>style</c> attributes
/// the content security policy refuses. Headings are moved two levels down, under the page's own.</summary>
internal static class UiMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAbbreviations()
        .UseAutoIdentifiers()
        .UseDefinitionLists()
        .UseEmphasisExtras()
        .UseFootnotes()
        .UseGridTables()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case LinkInline link:
                    link.Url = Safe(link.Url);
                    if (!link.IsImage)
                    {
                        link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
                    }

                    break;
                case AutolinkInline autolink:
                    autolink.Url = Safe(autolink.Url) ?? "";
                    autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
                    break;
                case HeadingBlock heading:
                    // The page's h1 is the repository's name and the description sits under an h2: its headings nest there.
                    heading.Level = Math.Min(6, heading.Level + 2);
                    break;
                case Table table:
                    foreach (var column in table.ColumnDefinitions)
                    {
                        column.Alignment = null;
                        column.Width = 0;
                    }

                    break;
            }
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The URL if it is relative, an anchor or http(s)/mailto; else "#" (no <c>javascript:</c>, <c>data:</c>…).</summary>
    private static string? Safe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }

        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var end = url.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (end >= 0 && end < colon))
        {
            return url;
        }

        var scheme = url[..colon].Trim().ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? url : "#";
    }
}
