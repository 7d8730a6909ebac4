using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
        var key = await KeyAsync(image, session, ct);
        var stored = Path.Combine(session.Options.StateDirectory, "advice", key + ".json");
        var report = await ReadAsync(stored, ct) ?? await ComputeAsync(image, session, ct);
        foreach (var line in report.Summary)
        {
            session.Log.Line(line);
        }

        foreach (var item in report.Advice)
        {
            session.Log.Line($"{item.File}:{item.Line} {item.RuleId}: {item.Message} (fix: {item.Fix})");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        var temporary = $"{stored}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(report, BuildJson.Default.AdviceReport), ct);
        File.Move(temporary, stored, overwrite: true);
        return report.Advice;
    }

    /// <summary>The same Dockerfile text (and name) and the same image (layers, config, history) give the same report.</summary>
    private static async Task<string> KeyAsync(ImageState image, BuildSession session, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"advice/1\0{session.Dockerfile.File}\0"));
        hash.AppendData(await File.ReadAllBytesAsync(Path.Combine(session.ContextDirectory, session.Request.DockerfilePath), ct));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(image.Config, BuildJson.Default.ImageConfig));
        foreach (var layer in image.Layers)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(layer.Blob.Digest.ToString()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<AdviceReport?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(file, BuildJson.Default.AdviceReport, ct);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null; // none yet, or unreadable: compute it again
        }
    }

    private static async Task<AdviceReport> ComputeAsync(ImageState image, BuildSession session, CancellationToken ct)
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

        var summary = BuildSummary.Lines(sizes, contents);
        var file = session.Dockerfile.File;
        var advice = DockerfileLinter.Lint(session.Dockerfile)
            .Concat(LayerWasteAnalyzer.Analyze(file, contents, session.Dockerfile.Directives.Check))
            .OrderBy(a => a.Line)
            .ThenBy(a => a.RuleId, StringComparer.Ordinal)
            .ToList();
        return new AdviceReport(summary, advice);
    }
}
