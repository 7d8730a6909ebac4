using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Manifests;
using Wharf.Registry.Blobs;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Inspection;

/// <summary>Reads one manifest of a repository whole for the tag page (issue 11): what <see cref="InspectedImage"/>
/// holds, from the manifest rows, the config blob and the measured layer sizes. A read, not a pull: nothing is recorded.
/// No access check: the caller decided the reader may pull <c>repository</c>.</summary>
public sealed class ImageInspector(ManifestService manifests, IMetadataStore metadata, BlobService blobs, SqlBlobSizeStore sizes)
{
    /// <summary>Configs larger than this are not read (a real one is a few KiB; docker's own limit is 8 MiB).</summary>
    private const long MaxConfigSize = 8 << 20;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifest a tag or digest names; null when there is none.</summary>
    public async Task<InspectedImage?> InspectAsync(RepositoryName repository, Reference reference, CancellationToken ct)
    {
        if (await manifests.FindAsync(repository, reference, ct) is not { } stored)
        {
            return null;
        }

        var parsed = ManifestParser.Parse(stored.Content, stored.MediaType);
        var referrers = await metadata.ListReferrersAsync(repository.Value, stored.Digest, null, ct);
        var json = Pretty(stored.Content);
        if (parsed.IsIndex)
        {
            var (platforms, total) = await PlatformsAsync(repository, parsed, ct);
            return new InspectedImage(stored.Digest, stored.MediaType, json, total, platforms, null, [], [], referrers);
        }

        var measured = await sizes.FindAsync(parsed.Layers.Select(l => l.Digest).ToList(), ct);
        var read = parsed.Config is { } config ? await ReadConfigAsync(repository, config, ct) : null;
        var (layers, steps) = Layers(parsed.Layers, measured, read?.History ?? []);
        var size = (parsed.Config?.Size ?? 0) + parsed.Layers.Sum(l => l.Size);
        return new InspectedImage(stored.Digest, stored.MediaType, json, size, [], read?.Config, layers, steps, referrers);
    }

    /// <summary>Each entry of an index with its image's size, and what all of them need together.</summary>
    private async Task<(IReadOnlyList<InspectedPlatform>, long)> PlatformsAsync(RepositoryName repository, ParsedManifest index, CancellationToken ct)
    {
        var platforms = new List<InspectedPlatform>();
        var distinct = new Dictionary<Digest, long>();
        foreach (var entry in index.Manifests)
        {
            long? size = null;
            if (await metadata.FindManifestAsync(repository.Value, entry.Digest, ct) is { } child
                && ManifestParser.Parse(child.Content, child.MediaType) is { IsIndex: false } image)
            {
                size = image.RequiredBlobs.Sum(b => b.Size);
                foreach (var blob in image.RequiredBlobs)
                {
                    distinct[blob.Digest] = blob.Size;
                }
            }

            var attestation = entry.Annotations?.GetValueOrDefault("vnd.docker.reference.type") == "attestation-manifest"
                || entry.Platform is { Os: "unknown", Architecture: "unknown" };
            platforms.Add(new InspectedPlatform(entry.Platform, entry.Digest, entry.MediaType, attestation, size));
        }

        return (platforms, distinct.Values.Sum());
    }

    private async Task<(InspectedConfig Config, IReadOnlyList<ImageConfigReader.History> History)?> ReadConfigAsync(
        RepositoryName repository, Descriptor config, CancellationToken ct)
    {
        if (config.Size > MaxConfigSize || await blobs.FindAsync(repository, config.Digest, ct) is not { } linked)
        {
            return null;
        }

        await using var stream = await blobs.OpenAsync(linked, 0, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return ImageConfigReader.Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>The layers with the step that made each: history entries that are not <c>empty_layer</c> match the
    /// layers in order. A history that does not add up (fewer such entries than layers) names no layer's step.</summary>
    private static (IReadOnlyList<InspectedLayer>, IReadOnlyList<InspectedStep>) Layers(
        IReadOnlyList<Descriptor> descriptors, IReadOnlyDictionary<Digest, long> measured, IReadOnlyList<ImageConfigReader.History> history)
    {
        var fits = history.Count(h => !h.EmptyLayer) == descriptors.Count;
        var steps = new List<InspectedStep>();
        var stepOfLayer = new string?[descriptors.Count];
        var layer = 0;
        foreach (var entry in history)
        {
            var instruction = HistoryInstruction.From(entry.CreatedBy);
            int? made = null;
            if (!entry.EmptyLayer && fits)
            {
                made = layer;
                stepOfLayer[layer++] = instruction;
            }

            steps.Add(new InspectedStep(instruction, made, entry.Created, entry.Comment));
        }

        var layers = descriptors.Select((d, i) => new InspectedLayer(
            d.Digest, d.MediaType, d.Size, measured.TryGetValue(d.Digest, out var size) ? size : null, stepOfLayer[i])).ToList();
        return (layers, steps);
    }

    private static string Pretty(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(content);
        }
    }
}
