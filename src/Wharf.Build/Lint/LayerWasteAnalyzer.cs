using Wharf.Oci;
using Wharf.Build.Dockerfile;

namespace Wharf.Build.Lint;

/// <summary>
/// Advice measured from a built stage's real layers rather than guessed from the Dockerfile: bytes one layer added
/// that a later layer deleted or replaced (<c>WastedBytes</c>: they still ship, in the earlier layer), and package
/// caches the finished image still holds (<c>PackageCacheInImage</c>). Amounts under <see cref="Threshold"/> are not
/// worth a line. Pure: the builder hands over what it already knows about each layer.
/// </summary>
public static class LayerWasteAnalyzer
{
    public const long Threshold = 1 << 20;

    /// <param name="file">The Dockerfile's name, as advice names it.</param>
    /// <param name="layers">The stage's layers in order, base image layers (line 0) first.</param>
    /// <param name="check">The Dockerfile's <c># check=</c> directive, whose <c>skip</c> silences these rules too.</param>
    public static IReadOnlyList<Advice> Analyze(string file, IReadOnlyList<LayerContent> layers, DockerfileCheck? check = null)
    {
        check ??= DockerfileCheck.None;
        var files = new ImageFiles(layers);
        var advice = new List<Advice>();
        if (!check.Skips("WastedBytes"))
        {
            advice.AddRange(files.Waste().Where(w => w.Bytes >= Threshold && layers[w.Layer].Line > 0).Select(w => Wasted(file, layers, w)));
        }

        if (!check.Skips("PackageCacheInImage"))
        {
            advice.AddRange(CachesLeft(file, layers, files));
        }

        return [.. advice.OrderBy(a => a.Line).ThenBy(a => a.RuleId, StringComparer.Ordinal)];
    }

    private static Advice Wasted(string file, IReadOnlyList<LayerContent> layers, ImageFiles.Wasted wasted)
    {
        var origin = layers[wasted.Origin];
        var where = origin.Line > 0 ? $"layer {wasted.Origin + 1} ({origin.Step})" : $"layer {wasted.Origin + 1}";
        var (message, fix) = (wasted.Overwritten, origin.Line > 0) switch
        {
            (false, true) => ($"this cleanup saves nothing: {Bytes.Format(wasted.Bytes)} stay in {where}",
                $"delete the files in the step at line {origin.Line} that creates them"),
            (false, false) => ($"this cleanup saves nothing: {Bytes.Format(wasted.Bytes)} of the base image stay in {where}",
                "start from a smaller base image, or COPY --from it only what the image needs"),
            (true, true) => ($"this step rewrites {Bytes.Format(wasted.Bytes)} that {where} added: both copies ship",
                $"write the files once: change them in the step at line {origin.Line} (COPY --chown/--chmod instead of a later chown/chmod)"),
            (true, false) => ($"this step rewrites {Bytes.Format(wasted.Bytes)} of the base image ({where}): both copies ship",
                "start from a newer base image instead of upgrading or changing its files in place"),
        };
        return new Advice("WastedBytes", file, layers[wasted.Layer].Line, message, fix);
    }

    private static IEnumerable<Advice> CachesLeft(string file, IReadOnlyList<LayerContent> layers, ImageFiles files)
    {
        var fromSteps = files.Visible.Where(v => layers[v.Layer].Line > 0).ToList();
        foreach (var cache in ImageCache.All)
        {
            var byLayer = fromSteps.Where(v => cache.Holds(v.Path)).GroupBy(v => v.Layer).Select(g => (Layer: g.Key, Bytes: g.Sum(v => v.Size))).ToList();
            var total = byLayer.Sum(l => l.Bytes);
            if (total < Threshold)
            {
                continue;
            }

            var most = byLayer.MaxBy(l => l.Bytes);
            var step = layers[most.Layer];
            yield return new Advice(
                "PackageCacheInImage", file, step.Line,
                $"{Bytes.Format(total)} of {cache.Cache.Name} ({cache.Cache.Directory}) ship in the image, {Bytes.Format(most.Bytes)} of it from layer {most.Layer + 1} ({step.Step})",
                $"{cache.Cache.Fix}, or use RUN {cache.Cache.MountHint}");
        }
    }
}
