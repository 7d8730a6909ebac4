using Wharf.Oci;
using System.Globalization;

namespace Wharf.Build.Lint;

/// <summary>
/// The lines a build prints when it is done: each layer with its size as pushed and unpacked, the step that made
/// it, and where that step's bytes went (the largest directories it added, and how many paths it deleted), then
/// the totals. Tells the user where an image's size comes from without a separate tool.
/// </summary>
public static class BuildSummary
{
    private const int Largest = 3;
    private const int InstructionWidth = 48;

    /// <param name="layers">The image's layers in order, base image layers (line 0) first.</param>
    /// <param name="contents">What each layer holds, in the same order, or null to print sizes only.</param>
    public static IReadOnlyList<string> Lines(IReadOnlyList<LayerSize> layers, IReadOnlyList<LayerContent>? contents = null)
    {
        if (contents is not null && contents.Count != layers.Count)
        {
            throw new ArgumentException($"{contents.Count} layer contents for {layers.Count} layers", nameof(contents));
        }

        var lines = new List<string> { $"{"layer",5}  {"pushed",10}  {"unpacked",10}  step" };
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var step = layer.Line == 0 ? "base image" : $"{Shorten(layer.Instruction)} (line {layer.Line})";
            var added = contents is null ? "" : Added(contents[i]);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i + 1,5}  {Bytes.Format(layer.CompressedSize),10}  {Bytes.Format(layer.UncompressedSize),10}  {step}{added}"));
        }

        lines.Add($"{"total",5}  {Bytes.Format(layers.Sum(l => l.CompressedSize)),10}  {Bytes.Format(layers.Sum(l => l.UncompressedSize)),10}  {layers.Count} layers");
        return lines;
    }

    /// <summary><c>: usr/lib/python3 12.0 MiB, app 1.1 MiB and 4 more; deletes 3 paths</c>, or empty.</summary>
    private static string Added(LayerContent content)
    {
        var groups = content.Paths.Where(p => !p.Whiteout && p.Size > 0)
            .GroupBy(p => Directory(p.Path), StringComparer.Ordinal)
            .Select(g => (Directory: g.Key, Bytes: g.Sum(p => p.Size)))
            .OrderByDescending(g => g.Bytes).ThenBy(g => g.Directory, StringComparer.Ordinal)
            .ToList();
        var parts = new List<string>();
        if (groups.Count > 0)
        {
            var largest = string.Join(", ", groups.Take(Largest).Select(g => $"{g.Directory} {Bytes.Format(g.Bytes)}"));
            parts.Add(groups.Count > Largest ? $"{largest} and {groups.Count - Largest} more" : largest);
        }

        var deleted = content.Paths.Count(p => p.Whiteout);
        if (deleted > 0)
        {
            parts.Add(deleted == 1 ? "deletes 1 path" : $"deletes {deleted} paths");
        }

        return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
    }

    // A file is counted in its directory, at most three levels deep: usr/lib/x86_64-linux-gnu, app, etc.
    private static string Directory(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts.Length == 1 ? parts[0] : string.Join('/', parts.Take(Math.Min(3, parts.Length - 1)));
    }

    private static string Shorten(string instruction)
    {
        var oneLine = string.Join(' ', instruction.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= InstructionWidth ? oneLine : oneLine[..(InstructionWidth - 1)] + "…";
    }
}
