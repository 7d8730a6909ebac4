namespace Wharf.Cli.Commands.Accounts;

/// <summary>Rows in aligned columns under upper-case headings, as docker lists things: easy to read, and to cut
/// with awk. Scripts should use <c>--json</c> instead.</summary>
internal sealed class TextTable(params string[] headings)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string?[] cells) => _rows.Add([.. cells.Select(Clean)]);

    public void Print(TextWriter output)
    {
        var widths = headings.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(headings, widths));
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    /// <summary>A value from the server is shown, never obeyed: control characters (a terminal escape in an audit
    /// detail, a newline breaking the columns) become '?'; an absent value is '-' so columns stay countable.</summary>
    private static string Clean(string? cell) =>
        string.IsNullOrEmpty(cell) ? "-" : string.Concat(cell.Select(c => char.IsControl(c) ? '?' : c));

    private static string Line(string[] cells, int[] widths) =>
        string.Join("   ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
