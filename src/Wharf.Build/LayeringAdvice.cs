using Wharf.Build.Images;
using Wharf.Build.Lint;

namespace Wharf.Build;

/// <summary>After a build: the summary (each layer, its sizes, the step that made it and what it added) and the
/// advice — the Dockerfile's own (<see cref="DockerfileLinter"/>) and what the real layers show
/// (<see cref="LayerWasteAnalyzer"/>) — printed to the build log and returned with the result.</summary>
internal static class LayeringAdvice
{
    public static async Task<IReadOnlyList<Advice>> ReportAsync(ImageState image, BuildSession session, CancellationToken ct)
    {
        var contents = new List<LayerContent>();
        var sizes = new List<LayerSize>();
        foreach (var layer in image.Layers)
        {
            var listing = await session.Listings.GetAsync(layer, ct);
            var (line, instruction) = session.LayerSteps.TryGetValue(layer.DiffId, out var step) ? step : (0, "FROM");
            contents.Add(new LayerContent(line, instruction, listing.Paths));
            sizes.Add(new LayerSize(line, instruction, layer.Blob.Size, listing.UncompressedSize));
        }

        foreach (var line in BuildSummary.Lines(sizes, contents))
        {
            session.Log.Line(line);
        }

        var file = session.Dockerfile.File;
        var advice = DockerfileLinter.Lint(session.Dockerfile)
            .Concat(LayerWasteAnalyzer.Analyze(file, contents, session.Dockerfile.Directives.Check))
            .OrderBy(a => a.Line)
            .ThenBy(a => a.RuleId, StringComparer.Ordinal)
            .ToList();
        foreach (var item in advice)
        {
            session.Log.Line($"{item.File}:{item.Line} {item.RuleId}: {item.Message} (fix: {item.Fix})");
        }

        return advice;
    }
}
