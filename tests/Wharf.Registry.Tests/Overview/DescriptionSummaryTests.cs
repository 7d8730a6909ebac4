using Wharf.Registry.Overview;

namespace Wharf.Registry.Tests.Overview;

public sealed class DescriptionSummaryTests
{
    [Theory]
    [InlineData("# app\n\nServes **JSON**, see [the docs](https://example.com) and `run --fast`.\n\nMore.", "Serves JSON, see the docs and run --fast.")]
    [InlineData("<!-- badge -->\n\nA line\nwrapped  here.", "A line wrapped here.")]
    [InlineData("# Only a heading", "Only a heading")]
    [InlineData("Raw <b>html</b> stays text", "Raw <b>html</b> stays text")]
    [InlineData("- a list item first\n\nThen a paragraph.", "a list item first")]
    public void The_first_paragraph_as_plain_text(string description, string summary) =>
        Assert.Equal(summary, DescriptionSummary.Of(description));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n\n ")]
    [InlineData("---")]
    public void Nothing_to_show_is_null(string? description) => Assert.Null(DescriptionSummary.Of(description));

    [Fact]
    public void A_long_paragraph_is_cut_with_an_ellipsis()
    {
        var summary = DescriptionSummary.Of(string.Join(' ', Enumerable.Repeat("word", 100)));
        Assert.Equal(DescriptionSummary.MaxLength, summary!.Length);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
    }
}
