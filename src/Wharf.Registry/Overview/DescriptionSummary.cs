namespace Wharf.Registry.Overview;

/// <summary>What a listing shows of a Markdown description: its first paragraph as one line, headings' and
/// emphasis' marks left as written (a listing is not the place to render Markdown), cut at <see cref="MaxLength"/>.</summary>
public static class DescriptionSummary
{
    public const int MaxLength = 200;

    /// <summary>How much of a description the listing query reads: enough for a first paragraph, never the whole 100 KB.</summary>
    public const int ReadLength = 2000;

    public static string? Of(string? description)
    {
        if (description is null)
        {
            return null;
        }

        var lines = description.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim());
        var paragraph = string.Join(' ', lines.SkipWhile(l => l.Length == 0 || l.StartsWith("<!--", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0));
        paragraph = paragraph.TrimStart('#', ' ');
        return paragraph.Length == 0 ? null : paragraph.Length <= MaxLength ? paragraph : paragraph[..(MaxLength - 1)].TrimEnd() + "…";
    }
}
